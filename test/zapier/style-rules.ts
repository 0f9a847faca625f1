import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import type { App, Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { findEntryByKey, outputFieldsOf, sampleEvent, shapeOutput, type Provider } from '../../shared';

/**
 * The style checks Zapier's servers run when an app is pushed or published (../shared/reference/platforms.md), which
 * `zapier-platform validate --without-style` cannot run here: written out as our own rules, each returning the
 * problems it finds in an app definition ("<where>: <what is wrong>"), none when the app follows it.
 */

type Field = { key?: string; label?: string; type?: string; choices?: unknown; sample?: unknown; list?: boolean; helpText?: string };
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
 * The static sample and the output fields of the default configuration (static, and dynamic for no input chosen)
 * describe the same item: every field is in the sample and every value of the sample is a field. A null object in the sample (a lead without a partner) stands for its fields.
 */
export async function sampleMatchProblems(app: App<Record<string, Trigger>>): Promise<string[]> {
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const operation = trigger.operation as { sample?: Record<string, unknown>; outputFields?: FieldList };
    // The fields of the default configuration (no input chosen), which is what the static sample stands for.
    const fields = [...staticFields(operation.outputFields), ...(await dynamicFields(operation.outputFields, {}))];
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

/** The services' names as the apps show them; an app's own name is the first rule's, the other's the fields rule's. */
export const SERVICE_NAMES: Record<Provider, string> = { dub: 'Dub', linkly: 'Linkly' };

/**
 * Zapier's guidance for a trigger's description (docs.zapier.com/platform/build/polling-trigger, "Description"): "A
 * plain text sentence that describes what the trigger does and when it should be used", shown in the Zap editor,
 * where the app's name and logo already stand beside every trigger. So: one sentence, without the app's own name,
 * and at most 25 words (our bound for a sentence read at a glance in the trigger list; Zapier publishes no number).
 */
export const DESCRIPTION_MAX_WORDS = 25;

export function descriptionWordingProblems(app: App<Record<string, Trigger>>, provider: Provider): string[] {
  const appName = SERVICE_NAMES[provider];
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const description = trigger.display.description ?? '';
    const where = `trigger ${trigger.key}: description`;
    if (new RegExp(`\\b${appName}\\b`, 'i').test(description)) problems.push(`${where} names the app ("${appName}"), which Zapier shows beside it`);
    const words = description.split(/\s+/).filter((word) => word.length > 0).length;
    if (words > DESCRIPTION_MAX_WORDS) problems.push(`${where} has ${words} words (at most ${DESCRIPTION_MAX_WORDS})`);
    if (/[.!?]\s+\p{Lu}/u.test(description)) problems.push(`${where} is more than one sentence`);
  }
  return problems;
}

/**
 * A trigger on changes says what counts as one: its label names what changed, not just "<Noun> Updated", and its
 * description lists in parentheses the changes that fire it ("(destination, short key, tags, …)").
 */
export function updatedTriggerProblems(app: App<Record<string, Trigger>>): string[] {
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const { label = '', description = '' } = trigger.display;
    const words = label.split(/\s+/);
    const changeWord = words.findIndex((word) => /^(Updated|Changed|Edited)$/.test(word));
    if (changeWord < 0) continue;
    if (words.filter((word, index) => index !== changeWord && !/^(New|a|an|the)$/i.test(word)).length < 2) {
      problems.push(`trigger ${trigger.key}: label "${label}" does not say what changed`);
    }
    if (!/\([^)]*,[^)]*\)/.test(description)) problems.push(`trigger ${trigger.key}: description does not list what counts as a change`);
  }
  return problems;
}

/**
 * An app for one service lists only fields that service can send: no field of the normalized schema that only the
 * other service fills (the schemas' `sentBy`), and no label that names the other service ("Service (Dub or Linkly)",
 * "Internet Provider (Linkly Only)"), in any configuration. The payload's own fields (Raw, and `raw__` under Both)
 * are the service's by definition.
 */
export async function serviceFieldProblems(app: App<Record<string, Trigger>>, provider: Provider): Promise<string[]> {
  const others = (Object.keys(SERVICE_NAMES) as Provider[]).filter((candidate) => candidate !== provider);
  const othersNamed = new RegExp(`\\b(${others.map((other) => SERVICE_NAMES[other]).join('|')})\\b`, 'i');
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const entry = findEntryByKey(provider, trigger.key);
    const othersOnly = new Set(
      (entry ? outputFieldsOf(outputSchemaOf(entry.trigger)) : [])
        .filter((field) => field.sentBy !== undefined && field.sentBy !== provider)
        .map((field) => field.key.split('.').join('__')),
    );
    const operation = trigger.operation as { inputFields?: FieldList; outputFields?: FieldList };
    for (const inputData of inputCombinations(operation.inputFields)) {
      const fields = [...staticFields(operation.outputFields), ...(await dynamicFields(operation.outputFields, inputData))];
      for (const field of fields) {
        const key = field.key ?? '';
        if (inputData['output'] !== 'raw' && !key.startsWith('raw__') && othersOnly.has(key)) {
          problems.push(`trigger ${trigger.key} output ${key}: only ${others.map((other) => SERVICE_NAMES[other]).join(', ')} can send it`);
        }
        if (othersNamed.test(field.label ?? '')) problems.push(`trigger ${trigger.key} output ${key}: label "${field.label}" names another service`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * The output fields follow the Output choice: every field shown for a choice is a field of an item in that shape
 * (the catalogue's sample, shaped as perform shapes it), so Raw advertises no normalized field; and for the choices
 * other than the default, whose items the static sample does not show, every field carries its sample value.
 */
export async function outputChoiceProblems(app: App<Record<string, Trigger>>, provider: Provider): Promise<string[]> {
  const problems: string[] = [];
  for (const trigger of triggersOf(app).filter((candidate) => !candidate.display.hidden)) {
    const entry = findEntryByKey(provider, trigger.key);
    const operation = trigger.operation as { inputFields?: FieldList; outputFields?: FieldList };
    const outputField = staticFields(operation.inputFields).find((field) => field.key === 'output');
    if (!entry || !outputField) continue;
    for (const choice of choiceValues(outputField)) {
      if (choice !== 'normalized' && choice !== 'raw' && choice !== 'both') continue;
      const fields = [...staticFields(operation.outputFields), ...(await dynamicFields(operation.outputFields, { output: choice }))];
      const declared = new Set(fields.map((field) => field.key ?? ''));
      const item = sampleLeaves(shapeOutput(sampleEvent(entry), choice), declared);
      const nullObjects = [...item].filter(([, value]) => value === null).map(([key]) => `${key}__`);
      for (const field of fields) {
        const key = field.key ?? '';
        if (!item.has(key) && !nullObjects.some((prefix) => key.startsWith(prefix))) {
          problems.push(`trigger ${trigger.key} output ${key} {"output":"${choice}"}: an item in this shape has no such field`);
        } else if (choice !== 'normalized' && !('sample' in field)) {
          problems.push(`trigger ${trigger.key} output ${key} {"output":"${choice}"}: no sample value`);
        } else if (choice !== 'normalized' && JSON.stringify(field.sample) !== JSON.stringify(item.get(key) ?? null)) {
          problems.push(`trigger ${trigger.key} output ${key} {"output":"${choice}"}: its sample is not the item's value`);
        }
      }
    }
  }
  return problems;
}

/** Every authentication field's help text links to where the user finds the value (a Markdown link or a URL). */
export function authHelpProblems(app: App<Record<string, Trigger>>): string[] {
  return ((app.authentication?.fields ?? []) as Field[])
    .filter((field) => field.type !== 'copy' && !/\]\(https?:\/\/[^)]+\)|https?:\/\/\S+/.test(field.helpText ?? ''))
    .map((field) => `authentication field ${field.key}: help text has no link to where the value is found`);
}

/** Every rule, over one service's app. */
export async function styleProblems(app: App<Record<string, Trigger>>, provider: Provider): Promise<string[]> {
  return [
    ...descriptionWordingProblems(app, provider),
    ...updatedTriggerProblems(app),
    ...(await serviceFieldProblems(app, provider)),
    ...(await outputChoiceProblems(app, provider)),
    ...authHelpProblems(app),
    ...(await titleCaseProblems(app)),
    ...descriptionProblems(app),
    ...sampleProblems(app),
    ...(await sampleMatchProblems(app)),
    ...(await dateProblems(app)),
  ];
}
