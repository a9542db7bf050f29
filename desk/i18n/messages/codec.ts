import type { Messages } from '../catalogue';

/** The codec server's answers to the Temporal Web UI (JSON, read by an operator or in the browser's console). */
export const codecMessages = {
  'codec.refused.signedOut': {
    zh: '未登录审批工作台，不予解密：请先在{desk}登录，并在 Temporal Web UI 的 Codec Server 设置中勾选“Include cross-origin credentials”。',
    en: 'Not signed in to the approvers’ desk, so nothing is decoded: sign in at {desk}, and in the Temporal Web UI’s Codec Server settings tick “Include cross-origin credentials”.',
  },
  'codec.refused.secondFactor': {
    zh: '尚未通过第二重验证，不予解密：请在{desk}输入验证码后再试。',
    en: 'The second factor is not passed yet, so nothing is decoded: enter your code at {desk}, then try again.',
  },
  'codec.refused.origin': {
    zh: '来源 {origin} 不在允许之列，不予处理；允许的来源：{accepted}。',
    en: 'Origin {origin} is not allowed, so nothing is done; accepted: {accepted}.',
  },
  'codec.refused.contentType': {
    zh: 'Content-Type 为 {got}，不予处理；只接受 application/json。',
    en: 'Content-Type: got {got}; accepted: application/json.',
  },
  'codec.refused.namespace': {
    zh: 'X-Namespace 为 {got}，不予处理；本工作台只服务命名空间 {accepted}。',
    en: 'X-Namespace: got {got}; accepted: {accepted}, the namespace this desk serves.',
  },
  'codec.refused.badRequest': {
    zh: '请求格式不对（{detail}）；应为 {"payloads": [{"metadata": {键: base64}, "data": base64}]}。',
    en: 'The request is not of the codec protocol ({detail}); accepted: {"payloads": [{"metadata": {key: base64}, "data": base64}]}.',
  },
  'codec.refused.outOfScope': {
    zh: '第{index}项数据属于工作流 {workflowId}（{place}），不在您的职责范围内，本次请求一律不予解密；您可查看：{accepted}。',
    en: 'Payload {index} belongs to workflow {workflowId} ({place}), which your assignments do not cover, so nothing in this request is decoded; accepted: the villages of {accepted}.',
  },
  'codec.refused.unlabelled': {
    zh: '第{index}项数据已加密但未标明所属工作流，无从判断可否查看，本次请求一律不予解密；只解密标明本人职责范围内村的工作流的数据。',
    en: 'Payload {index} is encrypted but names no workflow, so whether you may see it cannot be told and nothing in this request is decoded; accepted: payloads labelled with the workflow of a village your assignments cover.',
  },
  'codec.refused.notVillage': {
    zh: '第{index}项数据标明的工作流 {workflowId} 不是村级换届选举的工作流，本次请求一律不予解密；只解密 reelection/<届>/<镇>/<村> 的数据。',
    en: 'Payload {index} names workflow {workflowId}, which is not a village’s election, so nothing in this request is decoded; accepted: workflows reelection/<term>/<town>/<village> and those started for them.',
  },
  'codec.refused.noAssignment': {
    zh: '您目前没有任何在职分工，不予加密。',
    en: 'You hold no assignment in force, so nothing is encoded; accepted: a person assigned to some place.',
  },
  'codec.failed.notOpened': {
    zh: '第{index}项数据无法解密（密钥不在本工作台的密钥环中，或数据被改动）。',
    en: 'Payload {index} does not open (its key is not in this desk’s key ring, or it was altered).',
  },
  'codec.scope.none': { zh: '无', en: 'none' },
  'codec.scope.county': { zh: '{county}县', en: 'county {county}' },
} satisfies Messages;
