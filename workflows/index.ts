export { villageElection } from './villageElection';
