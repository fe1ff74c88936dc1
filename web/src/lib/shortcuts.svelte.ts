import { untrack } from 'svelte';

/**
 * Single-key shortcuts (Linear-style) for the whole app. A page registers its keys while it is mounted:
 *
 *   useShortcuts('Items list', [{ key: 'j', description: 'Next item', run: () => move(1) }]);
 *
 * One document listener serves every page. Keys are ignored while the user types in a field or holds a
 * modifier (so browser and OS shortcuts keep working); the most recently registered group wins a clash, so a
 * page can take over a key from the app shell. The `?` dialog lists whatever is registered right now.
 */
export type Shortcut = {
  /** KeyboardEvent.key: 'c', '/', 'Enter', '?' */
  key: string;
  /** what the help dialog shows */
  description: string;
  run: (e: KeyboardEvent) => void;
  /** when given and false, the key is left to the browser (Enter on a focused button must still press it) */
  when?: (e: KeyboardEvent) => boolean;
};
export type ShortcutGroup = { name: string; shortcuts: Shortcut[] };

// raw: groups are replaced, never mutated, and their functions need no proxies
let groups = $state.raw<ShortcutGroup[]>([]);
let listening = false;

/** Every group registered now, in registration order (for the help dialog). */
export function registeredShortcuts(): readonly ShortcutGroup[] {
  return groups;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  // checkboxes and buttons take no text: j/k/x keep working after clicking a row's checkbox
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

function onKeydown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typingIn(e.target)) return;
  // a modal dialog (the help, a confirmation) owns the keyboard while it is open
  if (document.querySelector('dialog[open]')) return;
  for (let i = groups.length - 1; i >= 0; i--) {
    const hit = groups[i]!.shortcuts.find((s) => s.key === e.key && (!s.when || s.when(e)));
    if (hit) {
      e.preventDefault();
      hit.run(e);
      return;
    }
  }
}

/** Registers a group until the returned function is called. */
export function registerShortcuts(name: string, shortcuts: Shortcut[]): () => void {
  if (!listening) {
    document.addEventListener('keydown', onKeydown);
    listening = true;
  }
  const group: ShortcutGroup = { name, shortcuts };
  groups = [...groups, group];
  return () => {
    groups = groups.filter((g) => g !== group);
  };
}

/** Registers a group for as long as the calling component is mounted (call during component setup). */
export function useShortcuts(name: string, shortcuts: () => Shortcut[]): void {
  // the registry is written here, not read: untracked, or the effect would rerun on its own write
  $effect(() => {
    const list = shortcuts();
    return untrack(() => registerShortcuts(name, list));
  });
}

/** The `?` dialog's open state, shared so any page (or a button) can open it. */
export const shortcutsHelp = $state({ open: false });
