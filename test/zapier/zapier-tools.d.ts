/** The parts of Zapier's packages the tests use that ship no types. */

declare module 'zapier-platform-schema' {
  export interface SchemaError {
    property: string;
    message: string;
  }
  export function validateAppDefinition(definition: object): { valid: boolean; errors: SchemaError[] };
}

/** core's own compile step, which its CLI runs before validating: functions become `$func$…` markers. */
declare module 'zapier-platform-core/src/tools/schema' {
  export function compileApp(app: object): object;
  export function serializeApp(app: object): object;
  export function validateApp(app: object): unknown[];
}
