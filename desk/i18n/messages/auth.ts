import type { Messages } from '../catalogue';

/** Signing in and out: the sign-in form, the second factor, its enrolment, and why a request was refused. */
export const authMessages = {
  'auth.signOut': { zh: '退出登录', en: 'Sign out' },
  'auth.signIn.title': { zh: '登录', en: 'Sign in' },
  'auth.signIn.login': { zh: '账号（人员编号）', en: 'Account (person id)' },
  'auth.signIn.password': { zh: '密码', en: 'Password' },
  'auth.signIn.submit': { zh: '登录', en: 'Sign in' },
  'auth.signIn.refused': {
    zh: '账号或密码不正确。连续输错多次后账号将被暂时锁定。',
    en: 'The account or the password is not right. After several wrong attempts the account is locked for a while.',
  },
  'auth.signIn.locked': {
    zh: '输错次数过多，账号已被锁定，请于{until}以后再试，或联系管理员解锁。',
    en: 'Too many wrong attempts: the account is locked until {until}. Try again then, or ask the administrator to unlock it.',
  },
  'auth.signIn.rateLimited': {
    zh: '本机登录尝试过于频繁，请{seconds}秒后再试。',
    en: 'Too many sign-in attempts from this device: try again in {seconds} seconds.',
  },
  'auth.signIn.expired': { zh: '登录已超时，请重新登录。', en: 'Your session has ended: please sign in again.' },
  'auth.signIn.signedOut': { zh: '您已安全退出。', en: 'You have signed out.' },
  'auth.signIn.oidc': { zh: '使用{provider}登录', en: 'Sign in with {provider}' },
  'auth.signIn.oidcDefault': { zh: '统一身份认证', en: "the office's single sign-on" },
  'auth.signIn.oidcRefused': {
    zh: '统一身份认证未能登录：该账号未开通本工作台，或认证信息无效。请用密码登录或联系管理员。',
    en: 'Single sign-on did not sign you in: the account is not enabled for this desk, or the answer was not valid. Sign in with your password or ask the administrator.',
  },
  'auth.signIn.continue': { zh: '继续', en: 'Continue' },

  'auth.code.title': { zh: '动态验证码', en: 'One-time code' },
  'auth.code.intro': {
    zh: '您的角色需要第二重验证。请打开手机上的身份验证器应用，输入显示的6位数字。',
    en: 'Your role needs a second factor. Open the authenticator app on your phone and type the 6-digit code it shows.',
  },
  'auth.code.label': { zh: '6位验证码', en: '6-digit code' },
  'auth.code.submit': { zh: '验证', en: 'Verify' },
  'auth.code.refused': {
    zh: '验证码不正确或已使用过，请输入应用中当前显示的验证码。',
    en: 'The code is not right or has been used already: type the code the app shows now.',
  },

  'auth.enrol.title': { zh: '绑定身份验证器', en: 'Set up an authenticator app' },
  'auth.enrol.intro': {
    zh: '您的角色需要第二重验证。请在手机上安装身份验证器应用，添加账户时手动输入下面的密钥，然后输入应用显示的6位数字完成绑定。',
    en: 'Your role needs a second factor. Install an authenticator app on your phone, add an account by typing the key below, then type the 6-digit code it shows to finish.',
  },
  'auth.enrol.secret': { zh: '密钥', en: 'Key' },
  'auth.enrol.uri': { zh: '应用链接（可在手机上直接打开）', en: 'Link for the app (open it on the phone)' },
  'auth.enrol.details': {
    zh: '基于时间（TOTP），6位数字，每30秒更新。',
    en: 'Time-based (TOTP), 6 digits, a new code every 30 seconds.',
  },

  'auth.refused.title': { zh: '请求被拒绝', en: 'Request refused' },
  'auth.refused.csrf': {
    zh: '此表单缺少有效的安全令牌（可能页面已过期或来自其他网站），未作处理。请返回刷新页面后重新提交。',
    en: 'This form did not carry a valid security token (the page may be old, or it came from another site), so nothing was done. Go back, reload the page and send it again.',
  },
  'auth.refused.origin': {
    zh: '此请求来自其他网站，未作处理。',
    en: 'This request came from another site, so nothing was done.',
  },
  'auth.refused.signedOut': {
    zh: '您尚未登录或登录已超时，未作处理。请先登录。',
    en: 'You are not signed in (or your session ended), so nothing was done. Please sign in first.',
  },
  'auth.refused.secondFactor': {
    zh: '请先完成动态验证码验证。',
    en: 'Please pass the one-time code step first.',
  },
  'auth.refused.back': { zh: '返回登录', en: 'Back to sign-in' },
} satisfies Messages;
