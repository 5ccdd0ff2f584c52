/** A bot's message as a page shows it: its text (line breaks kept) and its buttons, as links or as a form's submit buttons. */
import type { Button, Reply } from '../rules.js';

/** The message's text, links in it left as text (a page of messages is not the place to follow them). */
export function BotText(props: { text: string }): JSX.Element {
  return (
    <p class="chat-text" safe>
      {props.text}
    </p>
  );
}

/** The preview: each button a link to the reply it would give (`href(button)`), null for one that leads nowhere here. */
export function ReplyPreview(props: { reply: Reply; href: (b: Button) => string | null }): JSX.Element {
  return (
    <div class="chat-msg bot">
      <BotText text={props.reply.text} />
      {props.reply.buttons.length ? (
        <ul class="chat-buttons">
          {props.reply.buttons.flat().map((b) => {
            const href = props.href(b);
            return (
              <li>
                {href ? (
                  <a href={href} safe>
                    {b.label}
                  </a>
                ) : (
                  <span safe>{b.label}</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        ''
      )}
    </div>
  );
}
