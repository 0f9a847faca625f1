/**
 * Zod as the core uses it: `import * as z from '../zod'`. Through a namespace import a bundler keeps only what is
 * called; zod's `z` object would bring all of zod into every bundle (its JSON Schema output, forty locales and their
 * console warnings), which an n8n package would ship unused. zod's full build sets English issue messages as it
 * loads; this module does the same, since messages reach users ("… at amount: Invalid input: expected number").
 */
import { config } from 'zod/v4';
import { en } from 'zod/v4/locales';

export * from 'zod/v4';

config(en());
