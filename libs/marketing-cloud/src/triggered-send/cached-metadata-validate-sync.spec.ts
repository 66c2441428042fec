import { getMetadataStorage, IsString, validateSync } from 'class-validator';
import { afterAll, describe, expect, it } from 'vitest';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { validateSyncWithCachedMetadata } from './cached-metadata-validate-sync.js';
import { TriggeredSendRequest, TriggeredSendTo } from './triggered-send-request.dto.js';
import { validateSendRequest } from './validate-send-request.js';

const storage = getMetadataStorage();
/** class-validator's own map of class -> rules, which its lookup walks entry by entry. */
const registered = (storage as unknown as { validationMetadatas: Map<unknown, unknown[]> })
  .validationMetadatas;
const addedClasses: unknown[] = [];

/** Counts the registered classes class-validator's lookup walks while `run` runs. */
function walkedDuring(run: () => void): number {
  const entries = registered.entries.bind(registered);
  let walked = 0;
  Object.defineProperty(registered, 'entries', {
    configurable: true,
    value: function* countedEntries() {
      for (const entry of entries()) {
        walked += 1;
        yield entry;
      }
    },
  });
  try {
    run();
  } finally {
    delete (registered as Partial<Map<unknown, unknown[]>>).entries;
  }
  return walked;
}

/** A class with one class-validator rule, as an application's DTO has. */
function registerDtoClass(index: number): void {
  const Dto = class {
    name?: string;
  };
  Object.defineProperty(Dto, 'name', { value: `AppDto${index}` });
  IsString()(Dto.prototype, 'name');
  addedClasses.push(Dto);
}

/** Refused in every nested object: class-validator validates the request, From, To, ContactAttributes and Options. */
const REFUSED_BODY = {
  From: { Address: 'not an address' },
  To: {
    Address: 'example@example.com',
    SubscriberKey: ' ',
    ContactAttributes: { SubscriberAttributes: { Region: null } },
  },
  Options: { RequestType: 'BATCH' },
};

function violationsOf(input: unknown): unknown {
  try {
    validateSendRequest(input);
  } catch (error) {
    if (error instanceof MarketingCloudValidationError) return error.violations;
    throw error;
  }
  return 'accepted';
}

/** What class-validator itself does for a request of two objects (the request and To). */
function plainClassValidator(): void {
  const request = new TriggeredSendRequest();
  request.To = Object.assign(new TriggeredSendTo(), { Address: 'x', SubscriberKey: 'k' });
  validateSync(request, { forbidUnknownValues: true });
}

afterAll(() => {
  for (const added of addedClasses) registered.delete(added);
});

describe('validateSyncWithCachedMetadata: class-validator metadata looked up once per class', () => {
  it('walks no registered class once warm, however many DTO classes the application registers; the violations stay the same', () => {
    const before = violationsOf(REFUSED_BODY);
    expect((before as { path: string }[]).map((violation) => violation.path)).toEqual([
      'From.Address',
      'To.SubscriberKey',
      'To.ContactAttributes.SubscriberAttributes.Region',
      'Options.RequestType',
    ]);
    const walkedWarm = walkedDuring(() => violationsOf(REFUSED_BODY));
    const plainWalked = walkedDuring(plainClassValidator);

    for (let index = 0; index < 2_000; index += 1) registerDtoClass(index);

    let after: unknown;
    const walkedWith2000More = walkedDuring(() => {
      after = violationsOf(REFUSED_BODY);
    });
    const plainWalkedWith2000More = walkedDuring(plainClassValidator);

    expect({ walkedWarm, walkedWith2000More }).toEqual({ walkedWarm: 0, walkedWith2000More: 0 });
    expect(after).toEqual(before);
    // class-validator alone walks every registered class for each object it validates.
    expect(plainWalked).toBeGreaterThan(0);
    expect(plainWalkedWith2000More - plainWalked).toBe(2 * 2_000);
  });

  it('asks class-validator again when a rule is added to the class or to a class it inherits from', () => {
    class Parent {
      inherited?: unknown;
    }
    class Probe extends Parent {
      a?: unknown;
      b?: unknown;
    }
    addedClasses.push(Parent, Probe);
    IsString()(Probe.prototype, 'a');
    const probe = Object.assign(new Probe(), { a: 1, b: 1, inherited: 1 });
    const failing = () => validateSyncWithCachedMetadata(probe, {}).map((error) => error.property);

    expect(failing()).toEqual(['a']);
    expect(failing()).toEqual(['a']);
    IsString()(Probe.prototype, 'b');
    expect(failing()).toEqual(['a', 'b']);
    IsString()(Parent.prototype, 'inherited');
    expect(failing()).toEqual(['a', 'b', 'inherited']);
  });

  it("leaves class-validator's storage as it found it (the application's own validation is not cached)", () => {
    const method = storage.getTargetValidationMetadatas;
    validateSyncWithCachedMetadata(new TriggeredSendRequest(), { forbidUnknownValues: true });
    expect(Object.hasOwn(storage, 'getTargetValidationMetadatas')).toBe(false);
    expect(storage.getTargetValidationMetadatas).toBe(method);
  });
});
