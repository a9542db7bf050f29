import { LATEST_MACHINE_VERSION, MACHINE_VERSIONS } from '../../../machines/versions';
import { makeVillageElection } from '../../../workflows/villageElection';
import { machineWithoutMassRecommendation } from './machineV2';

/** The version the test release adds, one past what main publishes. */
export const TEST_VERSION = LATEST_MACHINE_VERSION + 1;

/** The election workflow of a later release: the published versions, plus one that drops the mass recommendation. */
export const villageElection = makeVillageElection({ ...MACHINE_VERSIONS, [TEST_VERSION]: machineWithoutMassRecommendation() });
