import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { configuredDataConverter } from './codec/dataConverter';
import { tracingFromEnv } from './tracing';

/** Where to connect when the command line names it; unset fields come from the environment and config file. */
export interface ConnectionOverrides {
  address?: string;
  namespace?: string;
}

/**
 * Connection settings as Temporal users expect them: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS
 * settings and profiles from the Temporal config file (@temporalio/envconfig), with the overrides on top. The same
 * settings serve the worker's NativeConnection and the client's Connection.
 */
export function connectionSettings(overrides: ConnectionOverrides = {}): Required<ClientConnectConfig> {
  const config = loadClientConnectConfig();
  const connectionOptions = { ...config.connectionOptions, ...(overrides.address ? { address: overrides.address } : {}) };
  return { connectionOptions, namespace: overrides.namespace ?? config.namespace ?? 'default' };
}

/**
 * A Temporal client for the CLI, the desk and scripts, with the payload codec of the configured keys (refused without
 * keys: see configuredDataConverter) unless a data converter is given.
 */
export async function connectClient(overrides: ConnectionOverrides = {}, dataConverter?: DataConverter): Promise<Client> {
  const { connectionOptions, namespace } = connectionSettings(overrides);
  const converter = dataConverter ?? (await configuredDataConverter());
  // With an OTLP endpoint set, a decision's trace starts here (the CLI's or the desk's update); otherwise no interceptor.
  const tracing = await tracingFromEnv('election-client');
  return new Client({
    connection: await Connection.connect(connectionOptions),
    namespace,
    dataConverter: converter,
    ...(tracing ? { interceptors: { workflow: tracing.clientInterceptors() } } : {}),
  });
}
