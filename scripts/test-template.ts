// `make FILE`: seeds a template database and prints VICHE_TEST_TEMPLATE's value; `drop VALUE` removes it.
import { dropTemplate, makeTemplate } from '../test/helpers/template.js';

const [command, arg] = process.argv.slice(2);
if (command === 'make' && arg) {
  process.stdout.write(await makeTemplate(arg));
  process.exit(0);
} else if (command === 'drop' && arg) {
  await dropTemplate(arg);
  process.exit(0);
} else {
  console.error('usage: test-template make FILE | drop VALUE');
  process.exit(2);
}
