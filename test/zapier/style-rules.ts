import type { App, Bundle, Trigger, ZObject } from 'zapier-platform-core';

/**
 * The style checks Zapier's servers run when an app is pushed or published (../shared/reference/platforms.md), which
 * `zapier-platform validate --without-style` cannot run here: written out as our own rules, each returning the
 * problems it finds in an app definition ("<where>: <what is wrong>"), none when the app follows it.
 */

type Field = { key?: string; label?: string; type?: string; choices?: unknown; sample?: unknown; list?: boolean };
type FieldList = ReadonlyArray<Field | ((z: ZObject, bundle: Bundle) => unknown)>;

/** Words Title Case leaves in lower case unless they open the label. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'or', 'per', 'the', 'to', 'via', 'vs', 'with']);

/**
 * The words of a label that Title Case wants capitalized and that are not; empty when it is in Title Case. A word
 * with capitals inside (a brand like iOS) is written as its owner writes it.
 */
export function lowerCaseWords(label: string): string[] {
  return label
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word, index) => /^\p{Ll}/u.test(word) && !/\p{Lu}/u.test(word) && (index === 0 || !MINOR_WORDS.has(word.toLowerCase())));
}

/** ISO 8601 date-time as Zapier reads it: a date, a time and a zone (Z or an offset). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
/** Anything that starts like a date is meant as one, and must then be ISO 8601. */
const LOOKS_LIKE_A_DATE = /^\d{4}-\d{2}-\d{2}/;

export function isIso8601(value: string): boolean {
  return ISO_8601.test(value) && !Number.isNaN(Date.parse(value));
}

/** Every value a choice field can take, so that dynamic fields are checked for each of them. */
function choiceValues(field: Field): string[] {
  if (Array.isArray(field.choices)) return field.choices.map((choice) => String((choice as { value?: unknown }).value ?? choice));
  if (field.choices && typeof field.choices === 'object') return Object.keys(field.choices);
  return [];
}

/** The fields a list's functions give for one set of input values (Zapier adds them to the static ones). */
async function dynamicFields(fields: FieldList | undefined, inputData: Record<string, unknown>): Promise<Field[]> {
  const resolved: Field[] = [];
  for (const field of fields ?? []) {
    if (typeof field === 'function') resolved.push(...((await field({} as ZObject, { inputData } as unknown as Bundle)) as Field[]));
  }
  return resolved;
}

function staticFields(fields: FieldList | undefined): Field[] {
  return (fields ?? []).filter((field): field is Field => typeof field !== 'function');
}

/** Every combination of the values of a trigger's static choice fields (Link Clicked's scope × Output, …). */
function inputCombinations(fields: FieldList | undefined): Array<Record<string, unknown>> {
  let combinations: Array<Record<string, unknown>> = [{}];
  for (const field of fields ?? []) {
    if (typeof field === 'function' || !field.key) continue;
    const values = choiceValues(field);
    if (values.length === 0) continue;
    const key = field.key;
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
  }
  return combinations;
}

function triggersOf(app: App<Record<string, Trigger>>): Trigger[] {
  return Object.values(app.triggers ?? {});
}

/** Labels in Title Case: triggers, authentication fields, and every input and output field in every configuration. */
export async function titleCaseProblems(app: App<Record<string, Trigger>>): Promise<string[]> {
  const problems: string[] = [];
  const check = (where: string, label: string | undefined) => {
    const words = label === undefined ? [] : lowerCaseWords(label);
    if (words.length > 0) problems.push(`${where}: label "${label}" is not in Title Case (${words.join(', ')})`);
  };
  for (const field of (app.authentication?.fields ?? []) as Field[]) check(`authentication field ${field.key}`, field.label);
  for (const trigger of triggersOf(app)) {
    check(`trigger ${trigger.key}`, trigger.display.label);
    const operation = trigger.operation as { inputFields?: FieldList; outputFields?: FieldList };
    for (const field of staticFields(operation.inputFields)) check(`trigger ${trigger.key} input ${field.key}`, field.label);
    for (const field of staticFields(operation.outputFields)) check(`trigger ${trigger.key} output ${field.key}`, field.label);
    for (const inputData of inputCombinations(operation.inputFields)) {
      const about = JSON.stringify(inputData);
      for (const field of await dynamicFields(operation.inputFields, inputData)) check(`trigger ${trigger.key} input ${field.key} ${about}`, field.label);
      for (const field of await dynamicFields(operation.outputFields, inputData)) check(`trigger ${trigger.key} output ${field.key} ${about}`, field.label);
    }
  }
  return [...new Set(problems)];
}

/** Descriptions start with "Triggers when " and end with a period. */
export function descriptionProblems(app: App<Record<string, Trigger>>): string[] {
  return triggersOf(app)
    .filter((trigger) => !/^Triggers when .+\.$/s.test(trigger.display.description ?? ''))
    .map((trigger) => `trigger ${trigger.key}: description "${trigger.display.description}" must start with "Triggers when " and end with "."`);
}

/** Every visible trigger has a static sample holding its primary key, `id` (no output field names another). */
export function sampleProblems(app: App<Record<string, Trigger>>): string[] {
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const operation = trigger.operation as { sample?: Record<string, unknown>; outputFields?: FieldList };
    const primary = (operation.outputFields ?? []).filter((field): field is Field & { primary: true } => typeof field !== 'function' && (field as { primary?: boolean }).primary === true);
    const keys = primary.length > 0 ? primary.map((field) => field.key ?? '') : ['id'];
    if (!operation.sample) problems.push(`trigger ${trigger.key}: no static sample`);
    for (const key of keys) {
      const value = operation.sample?.[key];
      if (value === undefined || value === null || value === '') problems.push(`trigger ${trigger.key}: the sample has no "${key}"`);
    }
  }
  return problems;
}

/** The sample's fields, flattened as Zapier flattens items (`a__b`), stopping at the keys the output fields name. */
function sampleLeaves(sample: unknown, declared: Set<string>, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (prefix && declared.has(prefix)) return into.set(prefix, sample);
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
    for (const [key, value] of Object.entries(sample)) sampleLeaves(value, declared, prefix ? `${prefix}__${key}` : key, into);
    return into;
  }
  return into.set(prefix, sample);
}

/**
 * The static sample and the static output fields describe the same item: every field is in the sample and every
 * value of the sample is a field. A null object in the sample (a lead without a partner) stands for its fields.
 */
export function sampleMatchProblems(app: App<Record<string, Trigger>>): string[] {
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const operation = trigger.operation as { sample?: Record<string, unknown>; outputFields?: FieldList };
    const fields = (operation.outputFields ?? []).filter((field): field is Field => typeof field !== 'function');
    const declared = new Set(fields.map((field) => field.key ?? ''));
    const leaves = sampleLeaves(operation.sample ?? {}, declared);
    const nullObjects = [...leaves].filter(([key, value]) => value === null && !declared.has(key)).map(([key]) => `${key}__`);
    for (const key of declared) {
      if (!leaves.has(key) && !nullObjects.some((prefix) => key.startsWith(prefix))) problems.push(`trigger ${trigger.key}: output field ${key} is not in the sample`);
    }
    for (const [key, value] of leaves) {
      const standsForFields = value === null && [...declared].some((field) => field.startsWith(`${key}__`));
      if (!declared.has(key) && !standsForFields) problems.push(`trigger ${trigger.key}: the sample's ${key} is not an output field`);
    }
  }
  return problems;
}

/** Dates in ISO 8601: datetime fields' values and anything that looks like a date, in samples and field samples. */
export async function dateProblems(app: App<Record<string, Trigger>>): Promise<string[]> {
  const problems: string[] = [];
  const visit = (where: string, value: unknown, expectDate: boolean) => {
    if (typeof value === 'string' && (expectDate || LOOKS_LIKE_A_DATE.test(value)) && !isIso8601(value)) {
      problems.push(`${where}: "${value}" is not an ISO 8601 date-time`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(`${where}.${key}`, child, false);
    }
  };
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const operation = trigger.operation as { sample?: Record<string, unknown>; inputFields?: FieldList; outputFields?: FieldList };
    visit(`trigger ${trigger.key} sample`, operation.sample, false);
    const samples = sampleLeaves(operation.sample ?? {}, new Set());
    for (const inputData of inputCombinations(operation.inputFields)) {
      for (const field of [...staticFields(operation.outputFields), ...(await dynamicFields(operation.outputFields, inputData))]) {
        const isDate = field.type === 'datetime';
        const where = `trigger ${trigger.key} output ${field.key}`;
        if ('sample' in field) visit(`${where} sample`, field.sample, isDate && !field.list);
        else if (isDate) visit(`${where} (static sample)`, samples.get(field.key ?? ''), true);
      }
    }
  }
  return [...new Set(problems)];
}

/** Every rule, over one app. */
export async function styleProblems(app: App<Record<string, Trigger>>): Promise<string[]> {
  return [
    ...(await titleCaseProblems(app)),
    ...descriptionProblems(app),
    ...sampleProblems(app),
    ...sampleMatchProblems(app),
    ...(await dateProblems(app)),
  ];
}
