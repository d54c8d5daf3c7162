import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { browserLaunchOptions } from '../browser/resolve-browser.js';
import {
  captureVisibleDom,
  type DomSnapshot,
  type DomSnapshotNode,
  type DomSnapshotOptions,
} from './dom-snapshot.js';

const NO_OPTIONS: DomSnapshotOptions = { masks: [], ignoreAttributes: [] };

function allNodes(node: DomSnapshotNode): DomSnapshotNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

function byId(snapshot: DomSnapshot, id: string): DomSnapshotNode | undefined {
  return allNodes(snapshot.root).find((node) => node.attributes.id === id);
}

function ids(snapshot: DomSnapshot): string[] {
  return allNodes(snapshot.root).flatMap((node) =>
    node.attributes.id ? [node.attributes.id] : [],
  );
}

describe('captureVisibleDom', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch(browserLaunchOptions());
  });

  afterAll(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    // The pages are built inline; any request leaving the page is a test bug.
    await page.route('**/*', (route) => route.abort());
  });

  afterEach(async () => {
    await page.close();
  });

  test('rebuilt handler attributes keep their names', async () => {
    await page.setContent(`
      <button id="rebuilt" _onclick="count()" _onmouseover="hint()">Add</button>
      <button id="live" onclick="count()" onmouseover="hint()">Add</button>
      <button id="other" _onchange="keep()">Add</button>`);
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    const handlers = { onclick: 'count()', onmouseover: 'hint()' };
    expect(byId(snapshot, 'rebuilt')?.attributes).toEqual({ id: 'rebuilt', ...handlers });
    expect(byId(snapshot, 'live')?.attributes).toEqual({ id: 'live', ...handlers });
    expect(byId(snapshot, 'other')?.attributes).toEqual({ id: 'other', _onchange: 'keep()' });
  });

  test('frame sources are left out', async () => {
    await page.setContent(`
      <iframe id="rebuilt" title="Tips"></iframe>
      <iframe id="live" title="Tips" src="about:blank"></iframe>`);
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'live')?.attributes).toEqual({ id: 'live', title: 'Tips' });
    expect(byId(snapshot, 'rebuilt')?.attributes).toEqual({ id: 'rebuilt', title: 'Tips' });
  });

  test('hidden rows are dropped', async () => {
    await page.setContent(`
      <ul id="list">
        <li id="shown">Buy milk</li>
        <li id="display-none" style="display: none">Walk dog</li>
        <li id="hidden-attribute" hidden>Pay rent</li>
        <li id="visibility-hidden" style="visibility: hidden">Call mum</li>
        <li id="transparent" style="opacity: 0">Read book</li>
        <li id="inside-transparent-parent"><span style="opacity: 0"><b id="nested">x</b></span></li>
      </ul>`);
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    const list = byId(snapshot, 'list');
    expect(list?.children.map((child) => child.attributes.id)).toEqual([
      'shown',
      'inside-transparent-parent',
    ]);
    expect(byId(snapshot, 'nested')).toBeUndefined();
  });

  test('head and script elements are skipped', async () => {
    await page.setContent(`
      <head><title>Todos</title><style>p { color: red }</style></head>
      <body><p id="text">Hello</p><script>1</script><noscript>no</noscript>
      <template><p>t</p></template></body>`);
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    const tags = allNodes(snapshot.root).map((node) => node.tag);
    expect(tags).toEqual(['html', 'body', 'p']);
    expect(snapshot.title).toBe('Todos');
    expect(snapshot.url).toBe('about:blank');
  });

  test('direct text is whitespace-normalized', async () => {
    await page.setContent(
      '<p id="p">  Buy \n\t milk <b>now</b> please </p><div id="empty"> </div>',
    );
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'p')?.text).toBe('Buy milk please');
    expect(byId(snapshot, 'p')?.children[0]?.text).toBe('now');
    expect(byId(snapshot, 'empty')?.text).toBeUndefined();
  });

  test('masked subtree becomes a placeholder', async () => {
    await page.setContent(`
      <div id="clock" class="clock"><span>12:01</span></div>
      <p id="ad" data-ad="1">Ad <i>text</i></p><p id="kept">Kept</p>`);
    const snapshot = await page.evaluate(captureVisibleDom, {
      masks: ['.clock', '[data-ad]'],
      ignoreAttributes: [],
    });
    const body = snapshot.root.children[0];
    expect(body?.children).toEqual([
      { tag: 'div', attributes: {}, masked: true, children: [] },
      { tag: 'p', attributes: {}, masked: true, children: [] },
      { tag: 'p', attributes: { id: 'kept' }, text: 'Kept', children: [] },
    ]);
  });

  test('invalid mask selector names the selector', async () => {
    await page.setContent('<p>x</p>');
    await expect(
      page.evaluate(captureVisibleDom, { masks: ['div[['], ignoreAttributes: [] }),
    ).rejects.toThrow(/Invalid mask selector "div\[\["/);
  });

  test('attributes drop ignored names and rrweb artefacts', async () => {
    await page.setContent(
      '<p id="p" class="a b" data-test-id="x" data-testing="y" nonce="n" rr_width="10px" ' +
        'data-rrid="3" title="t">x</p>',
    );
    const snapshot = await page.evaluate(captureVisibleDom, {
      masks: [],
      ignoreAttributes: ['nonce', 'data-test*'],
    });
    expect(byId(snapshot, 'p')?.attributes).toEqual({ id: 'p', class: 'a b', title: 't' });
  });

  test('blank style and class are dropped', async () => {
    await page.setContent('<p id="p" style=" " class="">x</p><p id="q" style="color: red">y</p>');
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'p')?.attributes).toEqual({ id: 'p' });
    expect(byId(snapshot, 'q')?.attributes).toEqual({ id: 'q', style: 'color: red' });
  });

  test('URL attributes are resolved', async () => {
    await page.setContent(
      '<a id="a" href="#/active">x</a><img id="i" alt="" src="data:image/png;base64,AA==">',
    );
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'a')?.attributes.href).toBe(new URL('#/active', page.url()).href);
    expect(byId(snapshot, 'i')?.attributes.src).toBe('data:image/png;base64,AA==');
  });

  test('class lists compare as sorted sets', async () => {
    await page.setContent('<p id="p" class="learn-bar ember-application learn-bar">x</p>');
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'p')?.attributes.class).toBe('ember-application learn-bar');
  });

  test('class spacing is normalized', async () => {
    await page.setContent('<p id="p" class="  editing   done ">x</p>');
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'p')?.attributes.class).toBe('done editing');
  });

  test('form state is captured', async () => {
    await page.setContent(`
      <input id="text" value="initial">
      <input id="secret" type="password">
      <input id="check" type="checkbox">
      <input id="radio" type="radio">
      <textarea id="area">default</textarea>
      <select id="select"><option id="first" value="1">One</option><option id="second" value="2">Two</option></select>`);
    await page.fill('#text', 'typed');
    await page.fill('#secret', 'hunter2');
    await page.check('#check');
    await page.fill('#area', 'edited');
    await page.selectOption('#select', '2');
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'text')?.value).toBe('typed');
    // The value attribute holds only the initial value; rrweb's replayer rewrites it, so it is
    // dropped and the live value is compared instead.
    expect(byId(snapshot, 'text')?.attributes.value).toBeUndefined();
    expect(byId(snapshot, 'secret')?.value).toBe('*******');
    expect(byId(snapshot, 'check')?.checked).toBe(true);
    expect(byId(snapshot, 'radio')?.checked).toBe(false);
    expect(byId(snapshot, 'area')?.value).toBe('edited');
    expect(byId(snapshot, 'area')?.text).toBeUndefined();
    expect(byId(snapshot, 'select')?.value).toBe('2');
    expect(byId(snapshot, 'first')?.selected).toBe(false);
    expect(byId(snapshot, 'second')?.selected).toBe(true);
    expect(byId(snapshot, 'second')?.text).toBe('Two');
  });

  test('display contents children are kept', async () => {
    await page.setContent(
      '<div id="contents" style="display: contents"><span id="inner">x</span></div>',
    );
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(byId(snapshot, 'contents')?.children.map((child) => child.attributes.id)).toEqual([
      'inner',
    ]);
  });

  test('visible child of hidden parent is kept', async () => {
    await page.setContent(`
      <div id="parent" class="p" style="visibility: hidden">Hidden text
        <span id="child" style="visibility: visible">Shown</span>
      </div>`);
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    const body = snapshot.root.children[0];
    expect(body?.children).toEqual([
      {
        tag: 'div',
        attributes: {},
        children: [
          {
            tag: 'span',
            attributes: { id: 'child', style: 'visibility: visible' },
            text: 'Shown',
            children: [],
          },
        ],
      },
    ]);
  });

  test('same-origin iframe document is nested', async () => {
    await page.setContent(
      '<iframe id="frame" srcdoc="<title>Inner</title><p id=in-frame>Inside</p><p id=hidden-in-frame hidden>x</p>"></iframe>',
    );
    await page.frameLocator('#frame').locator('#in-frame').waitFor();
    const snapshot = await page.evaluate(captureVisibleDom, NO_OPTIONS);
    const frame = byId(snapshot, 'frame');
    expect(frame?.children[0]?.tag).toBe('html');
    expect(ids(snapshot)).toContain('in-frame');
    expect(ids(snapshot)).not.toContain('hidden-in-frame');
  });

  test('frame evaluation captures the frame document', async () => {
    await page.setContent(
      '<p id="outer">Outer</p><iframe srcdoc="<title>Inner</title><p id=in-frame>Inside</p>"></iframe>',
    );
    await page.frameLocator('iframe').locator('#in-frame').waitFor();
    const frame = page.frames()[1];
    expect(frame).toBeDefined();
    const snapshot = await frame!.evaluate(captureVisibleDom, NO_OPTIONS);
    expect(snapshot.title).toBe('Inner');
    expect(snapshot.url).toBe('about:srcdoc');
    expect(ids(snapshot)).toEqual(['in-frame']);
  });

  test('root document argument selects the document', async () => {
    await page.setContent(
      '<p id="outer">Outer</p><iframe srcdoc="<p id=in-frame>Inside</p><p hidden id=gone>x</p>"></iframe>',
    );
    await page.frameLocator('iframe').locator('#in-frame').waitFor();
    const source = captureVisibleDom.toString();
    const snapshot: DomSnapshot = await page.evaluate(
      `(${source})(${JSON.stringify(NO_OPTIONS)}, document.querySelector('iframe').contentDocument)`,
    );
    expect(snapshot.url).toBe('about:srcdoc');
    expect(ids(snapshot)).toEqual(['in-frame']);
  });
});
