// `make PREFIX`: makes the test template databases (PGlite dumps named PREFIX.*.tar, or PostgreSQL databases)
// and prints VICHE_TEST_TEMPLATE's value; `drop VALUE` removes them.
import { dropTemplate, makeTemplate } from '../test/helpers/template.js';

const [command, arg] = process.argv.slice(2);
if (command === 'make' && arg) {
  process.stdout.write(await makeTemplate(arg));
  process.exit(0);
} else if (command === 'drop' && arg) {
  await dropTemplate(arg);
  process.exit(0);
} else {
  console.error('usage: test-template make PREFIX | drop VALUE');
  process.exit(2);
}
