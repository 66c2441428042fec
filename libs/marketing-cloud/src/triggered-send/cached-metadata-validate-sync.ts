import {
  getMetadataStorage,
  validateSync,
  type ValidationError,
  type ValidatorOptions,
} from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Metadatas = ReturnType<Lookup>;

/**
 * class-validator's `validateSync`, with its metadata lookup memoised for the duration of the
 * call. For every object it validates (the request, then From, To, ContactAttributes, Options),
 * class-validator's `getTargetValidationMetadatas` walks the metadata of every class registered
 * with class-validator in the process, testing `instanceof` against each, to find inherited
 * rules: its cost grows with the number of DTO classes in the user's whole application. The
 * answer for one of our classes changes only when rules are added to it or to a class it
 * inherits from, so it is kept per class with the number of rules of each class of its
 * prototype chain, and asked again when one of them changes.
 *
 * Only this call sees the memoised lookup: it is put on class-validator's storage for the call
 * (synchronous, so nothing else runs meanwhile) and taken away after, so the application's own
 * validation is untouched. Where the storage is not as expected (another class-validator
 * version), it is plain `validateSync`.
 */
export function validateSyncWithCachedMetadata(
  object: object,
  options: ValidatorOptions,
): ValidationError[] {
  const storage = getMetadataStorage();
  const registered = registeredMetadatas(storage);
  if (registered === undefined) return validateSync(object, options);
  const hadOwn = Object.hasOwn(storage, 'getTargetValidationMetadatas');
  const lookup = storage.getTargetValidationMetadatas;
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) =>
    cachedLookup(registered, (...args) => lookup.apply(storage, args), [
      target,
      schema,
      always,
      strictGroups,
      groups,
    ]);
  try {
    return validateSync(object, options);
  } finally {
    if (hadOwn) storage.getTargetValidationMetadatas = lookup;
    else delete (storage as Partial<MetadataStorage>).getTargetValidationMetadatas;
  }
}

interface CachedLookup {
  readonly args: Parameters<Lookup>;
  /** The number of rules registered for each class of the target's prototype chain (-1: none). */
  readonly ruleCounts: readonly number[];
  readonly metadatas: Metadatas;
}

const cache = new WeakMap<object, CachedLookup>();

function cachedLookup(
  registered: RegisteredMetadatas,
  lookup: (...args: Parameters<Lookup>) => Metadatas,
  args: Parameters<Lookup>,
): Metadatas {
  const [target] = args;
  if (typeof target !== 'function') return lookup(...args);
  const ruleCounts = ruleCountsOfChain(registered, target);
  const cached = cache.get(target);
  if (
    cached !== undefined &&
    cached.args.every((arg, index) => arg === args[index]) &&
    cached.ruleCounts.every((count, index) => count === ruleCounts[index]) &&
    cached.ruleCounts.length === ruleCounts.length
  ) {
    return cached.metadatas;
  }
  const metadatas = lookup(...args);
  cache.set(target, { args, ruleCounts, metadatas });
  return metadatas;
}

/** class-validator's own map of class -> rules (private to it; absent in another version). */
type RegisteredMetadatas = ReadonlyMap<unknown, readonly unknown[]>;

function registeredMetadatas(storage: MetadataStorage): RegisteredMetadatas | undefined {
  const map = (storage as unknown as { validationMetadatas?: unknown }).validationMetadatas;
  return map instanceof Map ? (map as RegisteredMetadatas) : undefined;
}

/**
 * What the lookup's answer for `target` depends on: its own rules and those of the classes it
 * inherits from (class-validator tests `target.prototype instanceof` each registered class).
 */
function ruleCountsOfChain(registered: RegisteredMetadatas, target: Function): number[] {
  const counts: number[] = [];
  for (
    let prototype: unknown = target.prototype;
    typeof prototype === 'object' && prototype !== null;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    const owner = Object.hasOwn(prototype, 'constructor')
      ? (prototype as { constructor: unknown }).constructor
      : undefined;
    counts.push(registered.get(owner)?.length ?? -1);
  }
  return counts;
}
