/** The legacy UI shell: server-rendered pages, so the proxy demo has something a browser sees. */

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Wrap page content in the shared layout. */
export function layout(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="ja">
<head><meta charset="UTF-8"><title>${escapeHtml(title)} | CS Tool</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>
</head>
<body>
<header><a href="/">CS Tool</a></header>
<h1>${escapeHtml(title)}</h1>
${content}
<script>/* the legacy UI fetches /api/* with XHR; the proxy sits in front of both */</script>
</body>
</html>
`;
}
