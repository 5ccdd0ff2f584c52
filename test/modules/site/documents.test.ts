/**
 * Editing a document of the community website, like a page: the editor changes its text, number or
 * status (its PDF kept unless a new one is chosen), every save is a version in its history and audited,
 * and an old version comes back with a restore (searchable again by its own words). Residents are refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { postMultipart } from '../../helpers/uploads.js';
import type { DemoPerson } from '../../../src/core/demo/people.js';

const lvivEditor = (p: DemoPerson) => p.roles.some((r) => r.kind === 'editor' && r.community === 'lviv');

describe('community website: editing a document', () => {
  let t: TestApp;
  let editor: TestBrowser;
  before(async () => {
    t = await createTestApp();
    editor = await signedInAs(t, lvivEditor);
  });
  after(async () => {
    await t.close();
  });

  const audits = async (action: string) => (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;
  const search = async (q: string) => (await t.browser().get(`/lviv/site/documents?q=${encodeURIComponent(q)}`)).body;

  test('the editor edits a document, keeps its PDF, sees the history and restores the first text', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const fields = {
      number: '77',
      date: '2026-05-14',
      type: 'order',
      status: 'in_force',
      title: 'Про графік прибирання скверів',
      body: 'Прибирати сквери щосуботи.',
    };
    const added = await postMultipart(t, editor, '/lviv/manage/site/documents', fields, [
      { name: 'pdf', filename: 'r.pdf', type: 'application/pdf', data: pdf },
    ]);
    assert.equal(added.statusCode, 303);
    const id = /\/documents\/(\d+)$/.exec(String(added.headers.location))![1]!;
    const url = `/lviv/manage/site/documents/${id}`;

    const manage = await editor.get('/lviv/manage/site');
    assert.match(manage.body, new RegExp(`href="${url}" aria-label="Редагувати документ № 77"`), 'the overview links to the form');
    const form = await editor.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Редагування документа № 77<\/h1>/);
    assert.match(form.body, /value="Про графік прибирання скверів"/);
    assert.match(form.body, /Прибирати сквери щосуботи\./);
    assert.match(form.body, /без нього лишається нинішній/);

    const bad = await postMultipart(t, editor, url, { ...fields, title: '' }, []);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Вкажіть назву/);

    const saved = await postMultipart(t, editor, url, { ...fields, number: '77/1', status: 'amended', body: 'Прибирати сквери щонеділі та у свята.' }, []);
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${url}?saved=1`);
    assert.match((await editor.get(`${url}?saved=1`)).body, /role="status">Збережено\./);
    const pub = await t.browser().get(`/lviv/site/documents/${id}`);
    assert.match(pub.body, /77\/1/);
    assert.match(pub.body, /щонеділі та у свята/);
    assert.match(pub.body, /href="\/lviv\/site\/files\/\d+"/, 'the PDF is kept without a new one');
    assert.match(await search('свята'), /Про графік прибирання скверів/, 'found by the new text');
    assert.doesNotMatch(await search('щосуботи'), /Про графік прибирання скверів/, 'not by the old one');
    assert.equal(await audits('site.document-saved'), 1);

    const history = await editor.get(`${url}/history`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Історія документа № 77/);
    assert.match(history.body, /Поточна версія/);
    const versions = [...history.body.matchAll(/name="version" value="(\d+)"/g)].map((m) => m[1]!);
    assert.equal(versions.length, 1, 'the first text can be restored; the current one is marked');
    assert.equal((await editor.post(`${url}/restore`, { version: versions[0]! })).statusCode, 303);
    const back = await t.browser().get(`/lviv/site/documents/${id}`);
    assert.match(back.body, /щосуботи/);
    assert.doesNotMatch(back.body, /77\/1/);
    assert.match(await search('щосуботи'), /Про графік прибирання скверів/, 'searchable by the restored text');
    assert.equal(await audits('site.document-restored'), 1);
    const after = await editor.get(`${url}/history`);
    assert.equal([...after.body.matchAll(/name="version" value="/g)].length, 2, 'the restore is in the history too');
    assert.equal((await editor.post(`${url}/restore`, { version: '999999' })).statusCode, 404);
  });

  test('a demo document has its first version; residents and other communities may not edit', async () => {
    const doc = await t.ctx.db
      .selectFrom('site_documents' as never)
      .select('id' as never)
      .where('number' as never, '=', '5120' as never)
      .executeTakeFirstOrThrow();
    const url = `/lviv/manage/site/documents/${(doc as { id: number }).id}`;
    assert.equal([...(await editor.get(`${url}/history`)).body.matchAll(/Поточна версія/g)].length, 1);
    const resident = await signedInAs(t, demo.olena);
    assert.equal((await resident.get(url)).statusCode, 403);
    assert.equal((await resident.post(`${url}/restore`, { version: '1' })).statusCode, 403);
    assert.equal((await editor.get(url.replace('/lviv/', '/bila-tserkva/'))).statusCode, 403);
  });
});
