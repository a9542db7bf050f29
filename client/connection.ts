import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

/**
 * Connection settings as Temporal users expect them: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TLS settings and profiles from the Temporal config file (@temporalio/envconfig).
 */
export function connectionSettings(overrides: { address?: string; namespace?: string } = {}): {
  connectionOptions: NativeConnectionOptions;
  namespace: string;
} {
  const config = loadClientConnectConfig();
  const connectionOptions = { ...config.connectionOptions };
  if (overrides.address) connectionOptions.address = overrides.address;
  return { connectionOptions, namespace: overrides.namespace ?? config.namespace ?? 'default' };
}

/** A Temporal client for the CLI and scripts. */
export async function connectClient(overrides: { address?: string; namespace?: string } = {}): Promise<Client> {
  const { connectionOptions, namespace } = connectionSettings(overrides);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace });
}
