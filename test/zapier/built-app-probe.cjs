// Run in a child process by built-app.test.ts: loads a built app folder with a plain `require`, as Zapier does,
// then runs one trigger's perform through zapier-platform-core's tester. Prints a JSON report on its own stdout
// line after REPORT_MARKER (core may log to stdout too).
const REPORT_MARKER = 'BUILT_APP_REPORT ';
const [appDir, triggerKey, bundleJson] = process.argv.slice(2);
const app = require(appDir);
const zapier = require('zapier-platform-core');
const operation = app.triggers[triggerKey].operation;
zapier
  .createAppTester(app)(operation.perform, JSON.parse(bundleJson))
  .then((items) => {
    const outputs = {};
    for (const [key, trigger] of Object.entries(app.triggers)) {
      if (trigger.operation.type === 'hook') outputs[key] = { sample: trigger.operation.sample, outputFields: trigger.operation.outputFields };
    }
    const authentication = { type: app.authentication.type, fields: (app.authentication.fields || []).map((field) => field.key) };
    // The check Zapier's CLI runs on the definition (`validate`), on the app exactly as built.
    const { compileApp, serializeApp } = require('zapier-platform-core/src/tools/schema');
    const schemaErrors = require('zapier-platform-schema')
      .validateAppDefinition(serializeApp(compileApp(app)))
      .errors.map((error) => `${error.property}: ${error.message}`);
    const report = { node: process.version, version: app.version, platformVersion: app.platformVersion, authentication, schemaErrors, triggers: Object.keys(app.triggers), outputs, items };
    // Functions (the Output choice's dynamic output fields) cannot be JSON: they are reported by kind.
    const json = JSON.stringify(report, (_key, value) => (typeof value === 'function' ? '[function]' : value));
    process.stdout.write('\n' + REPORT_MARKER + json + '\n');
  })
  .catch((error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  });
