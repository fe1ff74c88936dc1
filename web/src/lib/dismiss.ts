import type { Attachment } from 'svelte/attachments';

/**
 * Closes an open <details> menu when the user clicks or focuses outside it, presses Escape, or follows a link in
 * it. Without JavaScript the menu still opens and closes from its summary.
 */
export const dismissable: Attachment<HTMLDetailsElement> = (details) => {
  const close = () => {
    details.open = false;
  };
  const outside = (e: Event) => {
    if (details.open && !details.contains(e.target as Node)) close();
  };
  const key = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && details.open) {
      close();
      details.querySelector('summary')?.focus();
    }
  };
  const click = (e: MouseEvent) => {
    if ((e.target as Element).closest('a')) close();
  };
  document.addEventListener('pointerdown', outside);
  document.addEventListener('focusin', outside);
  details.addEventListener('keydown', key);
  details.addEventListener('click', click);
  return () => {
    document.removeEventListener('pointerdown', outside);
    document.removeEventListener('focusin', outside);
    details.removeEventListener('keydown', key);
    details.removeEventListener('click', click);
  };
};
