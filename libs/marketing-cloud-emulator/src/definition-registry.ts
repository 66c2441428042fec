import { randomUUID } from 'node:crypto';
import type { DefinitionStatus, EmulatorDefinitionConfig } from './emulator-options.js';

export interface EmulatorDefinition {
  readonly objectId: string;
  readonly customerKey: string | undefined;
  status: DefinitionStatus;
  readonly requiredAttributes: readonly string[];
}

/**
 * The triggered send definitions of the emulated business unit, addressable the two documented ways:
 * `{ObjectID}` (also `id:{ObjectID}`, documented for deliveryRecords and accepted here on every route)
 * and `key:{CustomerKey}`.
 */
export class DefinitionRegistry {
  private readonly byObjectId = new Map<string, EmulatorDefinition>();
  private readonly byCustomerKey = new Map<string, EmulatorDefinition>();

  constructor(configs: readonly EmulatorDefinitionConfig[]) {
    for (const config of configs) this.add(config);
  }

  add(config: EmulatorDefinitionConfig): EmulatorDefinition {
    const definition: EmulatorDefinition = {
      objectId: config.objectId ?? randomUUID(),
      customerKey: config.customerKey,
      status: config.status ?? 'Active',
      requiredAttributes: config.requiredAttributes ?? [],
    };
    this.byObjectId.set(definition.objectId.toLowerCase(), definition);
    if (definition.customerKey !== undefined) {
      this.byCustomerKey.set(definition.customerKey, definition);
    }
    return definition;
  }

  /** Pauses (`Inactive`) or starts (`Active`) a definition, addressed as in a URL. */
  setStatus(reference: string, status: DefinitionStatus): void {
    const definition = this.resolve(reference);
    if (!definition) throw new Error(`No triggered send definition matches '${reference}'`);
    definition.status = status;
  }

  /** Resolves a decoded URL segment: `key:CustomerKey`, `id:ObjectID` or a bare ObjectID. */
  resolve(reference: string): EmulatorDefinition | undefined {
    if (reference.startsWith('key:')) return this.byCustomerKey.get(reference.slice(4));
    const objectId = reference.startsWith('id:') ? reference.slice(3) : reference;
    return this.byObjectId.get(objectId.toLowerCase());
  }
}
