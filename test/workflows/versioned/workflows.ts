import { MACHINE_VERSIONS } from '../../../machines/versions';
import { makeVillageElection } from '../../../workflows/villageElection';
import { machineWithoutMassRecommendation } from './machineV2';

/** The election workflow of a later release: version 1 as published, plus a version 2. */
export const villageElection = makeVillageElection({ ...MACHINE_VERSIONS, 2: machineWithoutMassRecommendation() });
