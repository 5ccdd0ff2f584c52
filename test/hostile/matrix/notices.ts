/** The community's notice board: anyone signed in may post (not only residents), nobody signed out. */
import { defineModule } from '../support/matrix.js';
import { SIGNED_IN } from '../support/roles.js';

export default defineModule<null>({
  name: 'notices',
  setup: async () => null,
  entries: [
    {
      route: 'POST /:slug/notices',
      permission: 'notices.post',
      allowed: SIGNED_IN,
      request: () => ({ url: '/lviv/notices', form: { body: 'Загубився кіт на Зеленій, рудий.' } }),
      harmless: () => ({ url: '/lviv/notices', form: { body: '' } }),
    },
  ],
});
