/**
 * Browser code of a session's `player.html`: reads the recorded rrweb events from the page's
 * JSON data block and starts rrweb-player, whose UMD build defines the `rrwebPlayer` global.
 * The report writes this function's source into `assets/player.js` as a classic script, so it
 * must use nothing from outside its body.
 */
export function startPlayer(): void {
  interface Replayer {
    iframe: HTMLIFrameElement;
    on(event: string, handler: () => void): void;
  }
  interface PlayerInstance {
    $set(props: { width: number; height: number }): void;
    triggerResize(): void;
    getReplayer(): Replayer;
  }
  type PlayerConstructor = new (options: {
    target: HTMLElement;
    props: Record<string, unknown>;
  }) => PlayerInstance;
  type PlayerGlobal = PlayerConstructor & { default?: PlayerConstructor };

  // rrweb-player draws its controller below the replay area; 80 px is its height in 2.1.
  const controllerHeight = 80;
  const errorBox = document.getElementById('player-error');
  const target = document.getElementById('player');
  const size = () => ({
    width: Math.max(320, document.documentElement.clientWidth - 16),
    height: Math.max(180, window.innerHeight - controllerHeight - 24),
  });

  try {
    const library = (window as unknown as { rrwebPlayer?: PlayerGlobal }).rrwebPlayer;
    const Player = library?.default ?? library;
    if (!Player || !target) {
      throw new Error('rrweb-player did not load.');
    }
    const events: unknown = JSON.parse(
      document.getElementById('recording-events')?.textContent ?? '[]',
    );
    const player = new Player({
      target,
      props: { events, ...size(), autoPlay: false, showController: true, skipInactive: true },
    });
    // rrweb rebuilds each full snapshot after document.open() on its frame and never closes the
    // document, so the frame, and every page above it, would stay loading forever.
    const replayer = player.getReplayer();
    const finishLoading = () => replayer.iframe.contentDocument?.close();
    replayer.on('fullsnapshot-rebuilded', finishLoading);
    finishLoading();
    window.addEventListener('resize', () => {
      player.$set(size());
      player.triggerResize();
    });
  } catch (error) {
    if (errorBox) {
      errorBox.textContent = `The recording cannot be played: ${error instanceof Error ? error.message : String(error)}`;
      errorBox.hidden = false;
    }
  }
}
