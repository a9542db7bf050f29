export { villageElection } from './villageElection';
export { noticeDelivery } from './noticeDelivery';
