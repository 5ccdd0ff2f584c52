/** The chat-bot's public face: the module list reaches it only through here. */
export { chatbotModule } from './manifest.js';
