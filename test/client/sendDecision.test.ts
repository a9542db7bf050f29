import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { neverReachedWorkflow } from '../../client/sendDecision';

/** A gRPC error as the client library hands it on: an Error with a code, details and metadata. */
const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('which failed decide calls the client sends again', () => {
  it('resends an update the server aborted because the village was continuing as new', () => {
    expect(neverReachedWorkflow(new ServiceError('Workflow Update failed', { cause: grpcError(14, 'workflow is closing') }))).toBe(true);
  });

  it('resends an update the server could not take for a passing overload', () => {
    expect(neverReachedWorkflow(new ServiceError('Workflow Update failed', { cause: grpcError(8, 'namespace rate limit exceeded') }))).toBe(
      true,
    );
  });

  it('resends an update the server dropped with a workflow task that failed before taking it in', () => {
    const dropped = grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure.');
    expect(neverReachedWorkflow(new ServiceError('Workflow Update failed', { cause: dropped }))).toBe(true);
  });

  it('never resends a decision the workflow refused', () => {
    const refusal = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'WRONG_STAGE', message: 'not now' }),
    );
    expect(neverReachedWorkflow(refusal)).toBe(false);
  });

  it('does not resend on an argument the server rejected as invalid', () => {
    expect(neverReachedWorkflow(new ServiceError('Workflow Update failed', { cause: grpcError(3, 'update id too long') }))).toBe(false);
  });
});
