// Prints what JavaScript's parseInt answers, for internal/js's TestParseIntNode:
// for every code point c of the Basic Multilingual Plane (but the surrogates,
// which a decoded request cannot hold) and of plane 1, four probes, as runs of
// code points with the same answers:
//
//   FROM TO parseInt(c+"12") parseInt("12"+c) parseInt("0x"+c) parseInt("-"+c+"9")
//
// then lines "= JSON-string answer" for chosen inputs. No npm package: node itself.
// Run: node testdata/parseint/gen.js > testdata/parseint/vectors.txt
'use strict';
const hex = (n) => n.toString(16).padStart(4, '0');
const out = [];
let from = -1, prev = '';
const flush = (to) => { if (from >= 0) out.push(`${hex(from)} ${hex(to)} ${prev}`); };
for (let c = 0; c <= 0x1ffff; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCodePoint(c);
  const a = [parseInt(ch + '12'), parseInt('12' + ch), parseInt('0x' + ch), parseInt('-' + ch + '9')].map(String).join(' ');
  if (a !== prev || c === 0xe000) {
    flush(c === 0xe000 ? 0xd7ff : c - 1);
    from = c;
    prev = a;
  } else if (c - 1 === 0xd7ff) {
    flush(0xd7ff);
    from = c;
  }
}
flush(0x1ffff);
for (const s of ['', ' ', '-', '+', '+-1', '-+1', '--1', '0x', '0X', '0x1F', '0Xg', '-0x10', '+0x10', ' 0x10', '0 x10', '00x10',
  '1e3', '1.9', '.5', '0.5', '-0', '+0', '007', '08', '0b11', '0o17', '1_000', '１２', '٣', '\u00a0\u20281', '\ufeff7',
  '9007199254740993', '9007199254740995', '123456789012345678901234567890', '1'.repeat(400), '0x' + 'f'.repeat(300),
  '0x1fffffffffffff1', '0x20000000000001', '0x20000000000003', 'Infinity', 'NaN']) {
  const quoted = JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => '\\u' + hex(c.charCodeAt(0)));
  out.push(`= ${quoted} ${String(parseInt(s))}`);
}
process.stdout.write(out.join('\n') + '\n');
