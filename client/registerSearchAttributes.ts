import type { ConnectionLike } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { searchAttributes } from '../workflows/searchAttributes';

const KEYS = Object.values(searchAttributes);

/** The wire enum of a search attribute type, from the SDK's own table. */
const indexedValueType = (type: SearchAttributeType) => encodeSearchAttributeIndexedValueType(type)!;

/**
 * Registers whichever of the project's search attributes the namespace lacks (nothing when all exist); one
 * registered with another type is an error. Returns the names it added.
 */
export async function ensureSearchAttributes(connection: ConnectionLike, namespace = 'default'): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = KEYS.filter(({ name, type }) => {
    const registered = customAttributes?.[name];
    if (registered === undefined || registered === null) return true;
    if (registered !== indexedValueType(type)) {
      throw new Error(`search attribute ${name} is registered in namespace ${namespace} with type #${registered}; accepted: ${type}`);
    }
    return false;
  });
  if (missing.length > 0)
    await addSearchAttributes(
      connection,
      namespace,
      missing.map((key) => key.name),
    );
  return missing.map((key) => key.name);
}

/**
 * Registers the named search attributes (default: all) without listing first: the time-skipping test server
 * implements AddSearchAttributes but not ListSearchAttributes.
 */
export async function addSearchAttributes(
  connection: ConnectionLike,
  namespace = 'default',
  names = KEYS.map((key) => key.name),
): Promise<void> {
  const chosen = KEYS.filter((key) => names.includes(key.name));
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(chosen.map(({ name, type }) => [name, indexedValueType(type)])),
  });
}
