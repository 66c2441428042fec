import { randomUUID } from 'node:crypto';
import { SYSTEM_CLOCK, type EmulatorClock } from './clock.js';
import type { DefinitionStatus, EmulatorDefinitionConfig } from './emulator-options.js';

export interface EmulatorDefinition {
  readonly objectId: string;
  readonly customerKey: string | undefined;
  /** Change it with {@link DefinitionRegistry.setStatus}, which keeps the history queued sends need. */
  readonly status: DefinitionStatus;
  readonly requiredAttributes: readonly string[];
}

interface MutableDefinition extends EmulatorDefinition {
  status: DefinitionStatus;
}

interface StatusChange {
  /** Monotonic time (the emulator clock's milliseconds). */
  readonly at: number;
  readonly status: DefinitionStatus;
}

/**
 * The triggered send definitions of the emulated business unit, addressable the two documented ways:
 * `{ObjectID}` (also `id:{ObjectID}`, documented for deliveryRecords and accepted here on every route)
 * and `key:{CustomerKey}`.
 */
export class DefinitionRegistry {
  private readonly byObjectId = new Map<string, MutableDefinition>();
  private readonly byCustomerKey = new Map<string, MutableDefinition>();
  private readonly history = new WeakMap<EmulatorDefinition, StatusChange[]>();

  constructor(
    configs: readonly EmulatorDefinitionConfig[],
    private readonly clock: EmulatorClock = SYSTEM_CLOCK,
  ) {
    for (const config of configs) this.add(config);
  }

  /** Adds a definition. A second definition with the same ObjectID or CustomerKey is refused. */
  add(config: EmulatorDefinitionConfig): EmulatorDefinition {
    const definition: MutableDefinition = {
      objectId: config.objectId ?? randomUUID(),
      customerKey: config.customerKey,
      status: config.status ?? 'Active',
      requiredAttributes: config.requiredAttributes ?? [],
    };
    // Replacing silently would leave the old definition reachable through its other identifier.
    if (this.byObjectId.has(definition.objectId.toLowerCase())) {
      throw new Error(`A triggered send definition with ObjectID '${definition.objectId}' exists`);
    }
    if (definition.customerKey !== undefined && this.byCustomerKey.has(definition.customerKey)) {
      throw new Error(
        `A triggered send definition with CustomerKey '${definition.customerKey}' exists`,
      );
    }
    this.byObjectId.set(definition.objectId.toLowerCase(), definition);
    if (definition.customerKey !== undefined) {
      this.byCustomerKey.set(definition.customerKey, definition);
    }
    this.history.set(definition, [{ at: -Infinity, status: definition.status }]);
    return definition;
  }

  /** Pauses (`Inactive`) or starts (`Active`) a definition, addressed as in a URL. */
  setStatus(reference: string, status: DefinitionStatus): void {
    const definition = this.resolveMutable(reference);
    if (!definition) throw new Error(`No triggered send definition matches '${reference}'`);
    if (definition.status === status) return;
    definition.status = status;
    this.history.get(definition)?.push({ at: this.clock.now(), status });
  }

  /** Resolves a decoded URL segment: `key:CustomerKey`, `id:ObjectID` or a bare ObjectID. */
  resolve(reference: string): EmulatorDefinition | undefined {
    return this.resolveMutable(reference);
  }

  /**
   * When a send accepted at `acceptedAt` (monotonic ms) leaves the queue: at once if the definition
   * was Active then, else when it was next started; undefined while it is still held. An Inactive
   * definition queues requests until it is started (§1.5), and pausing it later does not recall
   * sends that have already left.
   */
  releasedAt(definition: EmulatorDefinition, acceptedAt: number): number | undefined {
    let activeAtAcceptance = false;
    for (const change of this.history.get(definition) ?? []) {
      if (change.at <= acceptedAt) activeAtAcceptance = change.status === 'Active';
      else if (activeAtAcceptance) return acceptedAt;
      else if (change.status === 'Active') return change.at;
    }
    return activeAtAcceptance ? acceptedAt : undefined;
  }

  private resolveMutable(reference: string): MutableDefinition | undefined {
    if (reference.startsWith('key:')) return this.byCustomerKey.get(reference.slice(4));
    const objectId = reference.startsWith('id:') ? reference.slice(3) : reference;
    return this.byObjectId.get(objectId.toLowerCase());
  }
}
