/**
 * The code sheet as a PDF: A4 pages of ten slips to cut apart, each with a QR code, the short code and the
 * address where it can be typed. Fonts come from the dejavu-fonts-ttf package and are embedded (subset),
 * so the PDF shows Ukrainian text on any machine, whatever fonts it has.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { formatCode } from '../rules.js';
import { qrSymbol } from '../../../core/views/qr.js';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: Buffer; bold: Buffer; mono: Buffer } | null = null;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(join(fontDir, 'DejaVuSans.ttf')),
    bold: readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf')),
    mono: readFileSync(join(fontDir, 'DejaVuSansMono-Bold.ttf')),
  };
  return fonts;
}

export interface SheetSlip {
  code: string;
  /** The QR's target: the ballot of this code. */
  link: string;
  voided: boolean;
}

export interface SheetInfo {
  schoolName: string;
  contestTitle: string;
  classLabel: string | null;
  /** The sheet's «№» within the community. */
  batchId: number;
  /** Where a code can be typed by hand. */
  voteUrl: string;
  slips: SheetSlip[];
}

const MM = 72 / 25.4;
const A4 = { w: 210 * MM, h: 297 * MM };
const MARGIN = 10 * MM;
const COLS = 2;
const ROWS = 5;

/** Lets other requests of this instance run between pages: a sheet of 2 000 codes takes seconds to draw. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function sheetPdf(info: SheetInfo): Promise<Buffer> {
  const f = loadFonts();
  // Loaded on first use: the PDF library is large (issue #19: start time and memory).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: `Коди для голосування: ${info.schoolName}`, Author: 'Віче', Subject: info.contestTitle },
  });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.registerFont('mono', f.mono);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const slipW = (A4.w - 2 * MARGIN) / COLS;
  const slipH = (A4.h - 2 * MARGIN - 8 * MM) / ROWS;
  const perPage = COLS * ROWS;
  const pages = Math.max(1, Math.ceil(info.slips.length / perPage));
  for (let page = 0; page < pages; page++) {
    if (page > 0) await breathe();
    doc.addPage({ size: 'A4', margin: 0 });
    doc.font('regular').fontSize(7).fillColor('#444444');
    doc.text(
      `${info.schoolName}${info.classLabel ? ` · клас ${info.classLabel}` : ''} · аркуш № ${info.batchId} · сторінка ${page + 1} з ${pages} · кожен код діє один раз; розріжте аркуш по пунктиру`,
      MARGIN,
      MARGIN - 4 * MM,
      { width: A4.w - 2 * MARGIN, lineBreak: false },
    );
    const slips = info.slips.slice(page * perPage, (page + 1) * perPage);
    slips.forEach((slip, i) => {
      const x = MARGIN + (i % COLS) * slipW;
      const y = MARGIN + 4 * MM + Math.floor(i / COLS) * slipH;
      drawSlip(doc, info, slip, x, y, slipW, slipH);
    });
  }
  doc.end();
  return done;
}

function drawSlip(doc: PDFKit.PDFDocument, info: SheetInfo, slip: SheetSlip, x: number, y: number, w: number, h: number): void {
  doc.save().lineWidth(0.5).strokeColor('#888888').dash(3, { space: 3 }).rect(x, y, w, h).stroke().undash().restore();
  const pad = 4 * MM;
  // 35 mm: a phone reads it easily, and the code beside it fits on one line.
  const qrSide = Math.min(h - 2 * pad, 35 * MM);
  const qrTop = y + (h - qrSide) / 2;
  if (slip.voided) {
    doc
      .save()
      .fillColor('#767676')
      .font('bold')
      .fontSize(11)
      .text('Код анульовано', x + pad, y + h / 2 - 8, { width: qrSide, align: 'center' })
      .restore();
  } else {
    const s = qrSymbol(slip.link);
    const unit = qrSide / (s.size + 8);
    for (const r of s.runs) doc.rect(x + pad + (r.x + 4) * unit, qrTop + (r.y + 4) * unit, r.w * unit, unit);
    doc.fillColor('#000000').fill();
  }
  const tx = x + pad + qrSide + 3 * MM;
  const tw = x + w - pad - tx;
  let ty = y + pad;
  doc.fillColor('#000000').font('bold').fontSize(8).text(info.schoolName, tx, ty, { width: tw, height: 20, ellipsis: true });
  ty = doc.y + 1;
  if (info.classLabel) {
    doc.font('regular').fontSize(7).text(`Клас ${info.classLabel}`, tx, ty, { width: tw });
    ty = doc.y + 1;
  }
  doc
    .font('regular')
    .fontSize(7)
    .fillColor('#333333')
    .text('Ваш код для голосування:', tx, ty + 2, { width: tw });
  doc
    .font('mono')
    .fontSize(12.5)
    .fillColor(slip.voided ? '#767676' : '#000000')
    .text(formatCode(slip.code), tx, doc.y + 2, { width: tw, lineBreak: false });
  doc
    .font('regular')
    .fontSize(6.5)
    .fillColor('#333333')
    .text(`Відскануйте QR-код або відкрийте ${info.voteUrl} і введіть код. Код діє один раз; нікому його не показуйте.`, tx, doc.y + 6, { width: tw });
}
