/** The stages of a village's re-election in order, with the names cadres use; the machine's states carry these ids. */
export const STAGES = [
  { id: 'investigation', label: 'Investigation', term: '调查摸底' },
  { id: 'unstable', label: 'Unstable village: postpone or proceed', term: '软弱涣散/不稳定' },
  { id: 'startRequest', label: 'Start request', term: '请示' },
  { id: 'startApproval', label: 'Start approval', term: '批复' },
  { id: 'mobilisation', label: 'Publicity and mobilisation', term: '宣传动员' },
  { id: 'memberRecommendation', label: 'Party member recommendation', term: '党员推荐' },
  { id: 'massRecommendation', label: 'Mass recommendation', term: '群众推荐' },
  { id: 'inspection', label: 'Inspection and joint review', term: '组织考察·联审' },
  { id: 'slateApproval', label: 'Slate approval', term: '确定候选人' },
  { id: 'publicity', label: 'Candidate publicity', term: '公示' },
  { id: 'conferenceNotice', label: 'Conference notice', term: '会议通知' },
  { id: 'conference', label: 'Party member conference', term: '党员大会' },
  { id: 'firstPlenary', label: 'First plenary', term: '一次全体会议' },
  { id: 'resultApproval', label: 'Result approval', term: '报批' },
  { id: 'handover', label: 'Handover', term: '交接' },
  { id: 'completed', label: 'Completed', term: '完成' },
  { id: 'postponementRequested', label: 'Postponement requested', term: '延期申请' },
  { id: 'postponed', label: 'Postponed', term: '延期换届' },
  { id: 'cancelled', label: 'Cancelled', term: '取消' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];
export const STAGE_IDS = STAGES.map((s) => s.id);

/** Grouping states that are not stages themselves: their active child is the stage. */
const GROUPS = new Set(['preparation']);

/** The stage and the step within it of a state value such as `{ conference: 'awaitingRound' }`. */
export function stageOf(value: unknown): { stage: StageId; step?: string } {
  let current = value;
  while (current && typeof current === 'object') {
    const [key, child] = Object.entries(current as Record<string, unknown>)[0]!;
    if (!GROUPS.has(key)) return { stage: key as StageId, step: typeof child === 'string' ? child : Object.keys(child as object)[0] };
    current = child;
  }
  return { stage: current as StageId };
}

/** The human label of a stage id. */
export const stageLabel = (id: string) => {
  const stage = STAGES.find((s) => s.id === id);
  return stage ? `${stage.label} (${stage.term})` : id;
};
