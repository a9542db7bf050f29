import type { Messages } from '../catalogue';

/**
 * What a decision led to and why (machines/explain.ts): one message per explanation key, then the names of the ballots
 * and the word lists the renderer (desk/i18n/explain.ts) joins names with.
 */
export const explainMessages = {
  'explain.villageStable': { zh: '村情稳定，进入换届请示。', en: 'The village is stable: the start request comes next.' },
  'explain.villageUnstable': {
    zh: '村情不稳定：由乡镇党委提出延期换届，或报告具备换届条件。',
    en: 'The village is unstable: the town committee proposes a postponement or reports it fit to proceed.',
  },
  'explain.fitToProceed': { zh: '已报告具备换届条件，进入换届请示。', en: 'Reported fit to proceed: the start request comes next.' },
  'explain.postponementProposed': {
    zh: '已提出延期换届至{until}，报县委组织部审批。',
    en: 'A postponement until {until} is proposed to the county organisation department.',
  },
  'explain.postponementApproved': { zh: '批准延期换届至{until}。', en: 'The postponement is approved until {until}.' },
  'explain.postponementRefused': {
    zh: '不同意延期换届（{reason}），回到原环节继续。',
    en: 'The postponement is refused ({reason}): the election goes on where it was.',
  },
  'explain.startRequested': {
    zh: '已提交换届请示，委员职数{seats}名，报乡镇党委批复。',
    en: 'The start request for {seats} seats goes to the town committee.',
  },
  'explain.startApproved': { zh: '同意换届，委员职数{seats}名。', en: 'The start is approved for {seats} seats.' },
  'explain.startSentBack': { zh: '换届请示被退回：{reason}。', en: 'The start request is sent back: {reason}.' },
  'explain.nomineesPassed': {
    zh: '{nominees}名被推荐人中{passing}名得票达到{votesNeeded}票以上，进入下一环节。',
    en: '{passing} of {nominees} nominees had at least {votesNeeded} votes and go on.',
  },
  'explain.recommendationHeldAgain': {
    zh: '仅{passing}名通过，候选人名单至少需要{needed}名：重新组织推荐。',
    en: 'Only {passing} passed, and the slate needs at least {needed}: the recommendation is held again.',
  },
  'explain.inspectionPassed': {
    zh: '{nominees}名考察对象中{passing}名考察合格。',
    en: '{passing} of {nominees} nominees passed inspection.',
  },
  'explain.inspectionTooFew': {
    zh: '考察合格{passing}名，不足候选人名单所需的{needed}名：重新组织党员推荐。',
    en: 'Only {passing} passed inspection, and the slate needs at least {needed}: the member recommendation is held again.',
  },
  'explain.slateApproved': {
    zh: '确定候选人{candidates}名，委员职数{seats}名，差额要求至少{needed}名：符合。',
    en: 'Slate approved: {candidates} candidates for {seats} seats; the competitive ratio needs at least {needed}.',
  },
  'explain.slateApprovedDirect': {
    zh: '确定候选人{candidates}名（直接选举书记，至少需要{needed}名）。',
    en: 'Slate approved: {candidates} candidates for the directly elected posts, which need at least {needed}.',
  },
  'explain.slateSentBack': { zh: '候选人名单被退回：{reason}。', en: 'The slate is sent back: {reason}.' },
  'explain.objectionFiled': {
    zh: '对候选人{candidateId}提出异议，交考察组调查核实。',
    en: 'An objection against {candidateId} goes to the inspection team.',
  },
  'explain.publicityPaused': {
    zh: '异议处理完毕前，公示不能结束。',
    en: 'The publicity cannot close until the objection is ruled on.',
  },
  'explain.objectionQueued': {
    zh: '对候选人{candidateId}的异议已登记，排队等待处理（待处理{waiting}件）。',
    en: 'The objection against {candidateId} waits its turn ({waiting} waiting).',
  },
  'explain.findingsRecorded': {
    zh: '对{candidateId}的异议调查结果已登记，待乡镇党委作出处理决定。',
    en: 'The findings on the objection against {candidateId} await the town committee’s ruling.',
  },
  'explain.objectionUpheld': {
    zh: '异议成立：{candidateId}从候选人名单中去除。',
    en: 'Objection upheld: {candidateId} is taken off the slate.',
  },
  'explain.objectionDismissed': {
    zh: '对{candidateId}的异议不成立：候选人名单不变。',
    en: 'The objection against {candidateId} is dismissed: the slate stands.',
  },
  'explain.slateRatioBroken': {
    zh: '剩余候选人{candidates}名，委员职数{seats}名需要至少{needed}名，不符合差额要求：回到考察和确定候选人环节。',
    en: '{candidates} candidates are left for {seats} seats, which need at least {needed}: back to inspection and slate approval.',
  },
  'explain.slateTooFewLeft': {
    zh: '剩余候选人{candidates}名，至少需要{needed}名：回到考察和确定候选人环节。',
    en: '{candidates} candidates are left, and at least {needed} are needed: back to inspection and slate approval.',
  },
  'explain.nextObjection': { zh: '接着调查对{candidateId}的异议。', en: 'The objection against {candidateId} is investigated next.' },
  'explain.publicityResumes': { zh: '公示继续。', en: 'The publicity goes on.' },
  'explain.publicityOver': { zh: '公示期已满：发出党员大会通知。', en: 'The publicity period is over: the conference is called.' },
  'explain.quorumMet': {
    zh: '应到会{due}名，实到会{present}名，超过应到会的五分之四（{fourFifths}）：符合到会人数要求。',
    en: 'Quorum met: {present} of {due} due, more than {fourFifths} needed.',
  },
  'explain.quorumNotMet': {
    zh: '应到会{due}名，实到会{present}名，未超过应到会的五分之四（{fourFifths}）：会议不能进行选举（第{failures}次）。',
    en: 'Quorum not met: {present} of {due} due, more than {fourFifths} needed (failure {failures}).',
  },
  'explain.conferenceCalledAgain': { zh: '重新通知召开党员大会。', en: 'The conference is called again.' },
  'explain.conferenceToBeCalled': {
    zh: '待确定党员大会召开的日期、时间和地点，再向全体有表决权的党员发出通知。',
    en: 'The conference is to be called with its date, time and place; the notice then goes to every member with a vote.',
  },
  'explain.conferenceCalled': {
    zh: '党员大会定于{date} {time}（北京时间）在{place}召开，已通知全体有表决权的党员。',
    en: 'The conference is called for {date} at {time} (Beijing time), at {place}; every member with a vote is notified.',
  },
  'explain.ballotOpened': {
    zh: '开始{kind}选举：应选{seats}名，候选人{candidates}名。',
    en: 'The {kind} ballot opens: {seats} seat(s), {candidates} candidate(s).',
  },
  'explain.roundRecorded': {
    zh: '第{round}轮{kind}选举计票结果已登记，待{scrutineers}名监票人确认。',
    en: 'Round {round} of the {kind} ballot is recorded: the count awaits confirmation by the {scrutineers} scrutineers.',
  },
  'explain.roundVoid': {
    zh: '第{round}轮{kind}选举收回选票{returned}张，多于发出的{issued}张：选举无效，重新投票。',
    en: 'Round {round} of the {kind} ballot is void: {returned} ballots returned, more than the {issued} issued; the round is held again.',
  },
  'explain.roundCounted': {
    zh: '第{round}轮{kind}选举计票确认：应选{seats}名，得票须达到{votesNeeded}票以上方可当选。',
    en: 'Round {round} of the {kind} ballot counted: {seats} seat(s), at least {votesNeeded} votes needed to be elected.',
  },
  'explain.tieRoundCounted': {
    zh: '第{round}轮{kind}选举（得票相等再次投票）计票确认：应选{seats}名，以得票多者当选。',
    en: 'Round {round} of the {kind} ballot (tie-break) counted: {seats} seat(s), most votes decide.',
  },
  'explain.memberElected': { zh: '{memberId}当选{kind}，得{votes}票。', en: '{memberId} is elected ({kind}) with {votes} votes.' },
  'explain.roundShortfall': {
    zh: '应选{seats}名，尚缺{shortfall}名：在未当选的{candidates}名候选人中再次选举。',
    en: '{shortfall} of {seats} seat(s) still empty: another round among the {candidates} not elected.',
  },
  'explain.seatsMayBeReduced': {
    zh: '或经党员大会表决减少委员名额。',
    en: 'Or the conference may vote to reduce the seats.',
  },
  'explain.roundTie': {
    zh: '{tiedIds}得票相等（各{votes}票），争最后{seats}个名额：就得票相等者再次投票。',
    en: '{tiedIds} tied with {votes} votes for the last {seats} seat(s): a tie-break round among them.',
  },
  'explain.seatsReduced': {
    zh: '党员大会以{votesFor}票赞成减少委员名额，委员会为{seats}名。',
    en: 'The conference voted {votesFor} in favour to reduce the seats: the committee has {seats}.',
  },
  'explain.secretaryElected': { zh: '{secretaryId}当选书记。', en: '{secretaryId} is elected secretary.' },
  'explain.deputyElected': { zh: '{deputyId}当选副书记。', en: '{deputyId} is elected deputy secretary.' },
  'explain.resultApproved': {
    zh: '选举结果批复同意：书记{secretaryId}，委员{committee}名；报县委组织部备案，并在村务公开栏公布。',
    en: 'The result is approved: {secretaryId} secretary, {committee} committee members; filed with the county and announced in the village.',
  },
  'explain.resultApprovedDirect': {
    zh: '选举结果批复同意：书记{secretaryId}；报县委组织部备案，并在村务公开栏公布。',
    en: 'The result is approved: {secretaryId} secretary; filed with the county and announced in the village.',
  },
  'explain.resultRejected': { zh: '选举结果未获批准：{reason}。', en: 'The result is rejected: {reason}.' },
  'explain.completed': { zh: '工作交接完成，本次换届结束。', en: 'The handover is recorded: the election is complete.' },
  'explain.cancelled': { zh: '换届已取消：{reason}。', en: 'The election is cancelled: {reason}.' },
  'explain.nowAt': { zh: '现处于“{stage}”环节，等待{roles}。', en: 'Now at {stage}, waiting for {roles}.' },
  'explain.nowAtNobody': { zh: '现处于“{stage}”环节，等待期限届满。', en: 'Now at {stage}, waiting for its period to run.' },

  'explain.kind.committee': { zh: '委员', en: 'committee' },
  'explain.kind.secretary': { zh: '书记', en: 'secretary' },
  'explain.kind.deputy': { zh: '副书记', en: 'deputy secretary' },
  'explain.list.separator': { zh: '、', en: ', ' },
  'explain.list.more': { zh: '等{count}人', en: ' and {count} in all' },
} satisfies Messages;
