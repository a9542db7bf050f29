import {
  OperationNodeTransformer,
  PrimitiveValueListNode,
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** What the store writes for U+0000: the visible SYMBOL FOR NULL, so the record still shows one was there. */
export const NUL_STAND_IN = '\u2400';

/**
 * Text as the store keeps it. PostgreSQL refuses U+0000 in text (the write fails, and a retried activity fails
 * the same way for ever), so every NUL becomes U+2400 on both databases: the same input always gives the same row.
 */
export const storableText = (text: string): string => (text.includes('\0') ? text.replaceAll('\0', NUL_STAND_IN) : text);

const storable = (value: unknown): unknown => (typeof value === 'string' ? storableText(value) : value);

class NulFreeValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    if (typeof node.value !== 'string' || !node.value.includes('\0')) return node;
    return node.immediate ? ValueNode.createImmediate(storableText(node.value)) : ValueNode.create(storableText(node.value));
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => typeof v === 'string' && v.includes('\0'))
      ? PrimitiveValueListNode.create(node.values.map(storable))
      : node;
  }
}

/** The Kysely plugin that passes every string parameter of every query (writes and lookups alike) through `storableText`. */
export class NulFreeTextPlugin implements KyselyPlugin {
  readonly #transformer = new NulFreeValues();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
