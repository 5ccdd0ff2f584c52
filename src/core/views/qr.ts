/**
 * QR codes (the school budget's code sheets, the community website's bot links), drawn by us from the
 * symbol's modules: as one SVG path for HTML (no script, no image request) and as rectangles for a PDF. Dark modules of a row are merged into runs,
 * which keeps both small.
 */
import QRCode from 'qrcode';

export interface QrRun {
  x: number;
  y: number;
  w: number;
}

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  runs: QrRun[];
}

export function qrSymbol(text: string): QrSymbol {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const runs: QrRun[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (qr.modules.get(y, x)) {
        let w = 1;
        while (x + w < n && qr.modules.get(y, x + w)) w++;
        runs.push({ x, y, w });
        x += w;
      } else x++;
    }
  }
  return { size: n, runs };
}

/** The path data of the dark modules, in module units, offset by the quiet zone. */
export function qrPath(s: QrSymbol, quiet = 4): string {
  return s.runs.map((r) => `M${r.x + quiet} ${r.y + quiet}h${r.w}v1h-${r.w}z`).join('');
}
