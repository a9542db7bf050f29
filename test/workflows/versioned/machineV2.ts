import { createMachine } from 'xstate';
import { electionMachine, type ElectionMachine } from '../../../machines/electionMachine';

type Node = { on?: Record<string, object>; states?: Record<string, Node> } & Record<string, unknown>;

/**
 * A second version of the statechart for the versioning test: the same machine, except that the mass
 * recommendation is dropped (the Party member recommendation goes straight to inspection). A real
 * change is written the same way: a new registry entry, the published versions left untouched.
 */
export function machineWithoutMassRecommendation(): ElectionMachine {
  const config = electionMachine.config as unknown as Node;
  const preparation = config.states!.preparation!;
  const { massRecommendation: _dropped, ...stages } = preparation.states!;
  const member = stages.memberRecommendation!;
  const changed: Node = {
    ...config,
    states: {
      ...config.states,
      preparation: {
        ...preparation,
        states: {
          ...stages,
          memberRecommendation: {
            ...member,
            on: {
              ...member.on,
              RECORD_MEMBER_RECOMMENDATION: (member.on!.RECORD_MEMBER_RECOMMENDATION as unknown as Node[]).map((t) =>
                t.target === 'massRecommendation' ? { ...t, target: 'inspection' } : t,
              ),
            },
          },
        },
      },
    },
  };
  return createMachine(changed as never, electionMachine.implementations as never) as unknown as ElectionMachine;
}
