/**
 * The first-load caption over the view: what a ball is and what the colours mean, with a link
 * into the lesson. Once dismissed it stays away (localStorage); where storage is refused (private
 * modes, blocked cookies) it simply shows again on the next visit.
 */
import { t } from '../i18n/index.ts';

/** The localStorage key that remembers the dismissal. */
export const CAPTION_DISMISSED_KEY = 'slope.caption-dismissed';

/** Whether the caption was dismissed on an earlier visit (false when storage cannot be read). */
export function captionDismissed(storage: () => Storage = () => localStorage): boolean {
  try {
    return storage().getItem(CAPTION_DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers the dismissal; a storage that refuses is not an error the person needs to see. */
export function rememberDismissal(storage: () => Storage = () => localStorage): void {
  try {
    storage().setItem(CAPTION_DISMISSED_KEY, '1');
  } catch {
    // Nothing to do: the caption comes back next time, which is harmless.
  }
}

/**
 * Fills `root` with the caption unless it was dismissed before; `lessonHref` opens the lesson in
 * the page's language. Returns whether it is shown.
 */
export function showCaption(root: HTMLElement, lessonHref: string): boolean {
  if (captionDismissed()) {
    root.hidden = true;
    return false;
  }
  root.classList.add('caption', 'overlay');
  root.dataset.testid = 'caption';
  const text = document.createElement('p');
  text.textContent = t('caption.text');
  const lesson = document.createElement('a');
  lesson.href = lessonHref;
  lesson.textContent = t('caption.lesson');
  lesson.dataset.testid = 'caption-lesson';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'caption-close';
  close.textContent = t('caption.dismiss');
  close.dataset.testid = 'caption-dismiss';
  close.addEventListener('click', () => {
    rememberDismissal();
    root.hidden = true;
  });
  const actions = document.createElement('div');
  actions.className = 'caption-actions';
  actions.append(lesson, close);
  root.replaceChildren(text, actions);
  root.hidden = false;
  return true;
}
