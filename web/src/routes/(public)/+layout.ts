// Public pages are plain server-rendered HTML: they work without JavaScript and ship none (the idea form loads
// its one small script itself, see static/idea-form.js).
export const csr = false;
