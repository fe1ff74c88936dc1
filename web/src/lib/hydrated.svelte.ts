import { onMount } from 'svelte';

/**
 * True once the page's JavaScript runs. Server-rendered forms show their submit buttons (they work without
 * JavaScript); once hydrated, controls save on change and those buttons step aside.
 */
export function hydrated() {
  let value = $state(false);
  onMount(() => {
    value = true;
  });
  return {
    get value() {
      return value;
    },
  };
}
