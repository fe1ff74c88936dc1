// A product's pages, once: the sidebar draws them and the command palette offers "Go to" each.
// `exact` marks the page that owns only its own path (the others own their sub-pages too).
export const PRODUCT_SECTIONS = [
  { path: '', name: 'Dashboard', icon: 'M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z', exact: true },
  { path: '/items', name: 'Items', icon: 'M5 4h9M5 8h9M5 12h9M2 4h.5M2 8h.5M2 12h.5', exact: false },
  { path: '/board', name: 'Board', icon: 'M2 2h3.5v12H2zM6.25 2h3.5v8h-3.5zM10.5 2H14v10h-3.5z', exact: false },
  { path: '/planning', name: 'Planning', icon: 'M2 3.5h12v10.5H2zM2 6.5h12M5 2v3M11 2v3', exact: false },
  { path: '/releases', name: 'Releases', icon: 'M3 2v12M3 2.5h9l-2 3 2 3H3', exact: false },
  { path: '/triage', name: 'Triage', icon: 'M2 3h12l-4.5 5.5V13l-3 1V8.5z', exact: false },
  { path: '/settings', name: 'Settings', icon: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5ZM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6 13 13M3 13l1.4-1.4M11.6 4.4 13 3', exact: false },
] as const;
