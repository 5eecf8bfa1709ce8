// P3: the create sequence in a warm `console-host serve`, host+plugin time
// against sfsim's own time for the same requests. Both are the CPU time each
// process spent while N create wizards ran one after another over HTTP
// (driver.js), after a warm-up, to the nanosecond (../bench/process_cpu.js
// says why not in ticks). Wall time per create is printed too. A benchmark:
// it prints, it asserts nothing.
'use strict';
const h = require('./harness');
const { Admin } = require('./driver');
const { cpuMs, cpuSplitMs, contextSwitches } = require('../bench/process_cpu');

const N = Number(process.env.BENCH_CREATES || 60);
const WARMUP = 3;

(async () => {
  const dir = h.tempDir('bench');
  const sim = await h.startSfsim(dir, N + WARMUP);
  const threads = process.env.BENCH_THREADS;  // [serve] threads; default the host's
  const serve = await h.startServe(dir, sim.url, threads ? { serveSection: { threads } } : {});
  try {
    let user = 0;
    const create = (i) => new Admin(serve.url, sim.url).createConnector({
      project: `Bench ${i}`, username: `fleet${i}@simorg.example`, buttons: 'install', object: 'Account',
    });
    // Each create installs on Account in a fresh org: a button belongs to
    // one project, so the org is reset between creates, outside the
    // measured window.
    for (let i = 1; i <= WARMUP; i++) {
      await h.simPost(sim.url, '/__sim/reset');
      await create(++user);
    }
    let simMs = 0;
    let hostMs = 0;
    let wallMs = 0;
    const split0 = cpuSplitMs(serve.child.pid);
    const switches0 = contextSwitches(serve.child.pid);
    for (let i = 0; i < N; i++) {
      await h.simPost(sim.url, '/__sim/reset');
      const sim0 = cpuMs(sim.child.pid);
      const host0 = cpuMs(serve.child.pid);
      const t0 = process.hrtime.bigint();
      await create(++user);
      wallMs += Number(process.hrtime.bigint() - t0) / 1e6;
      simMs += cpuMs(sim.child.pid) - sim0;
      hostMs += cpuMs(serve.child.pid) - host0;
    }
    const split1 = cpuSplitMs(serve.child.pid);
    const switches1 = contextSwitches(serve.child.pid);
    const fmt = (x) => x.toFixed(1).padStart(9);
    console.log(`P3 warm serve create (${N} creates, Install/Update on Account, after ${WARMUP} warm-up${threads ? `, ${threads} threads` : ''})   goal: at most 2x`);
    console.log(`  wall time per create            ${fmt(wallMs / N)} ms`);
    console.log(`  console-host serve CPU / create ${fmt(hostMs / N)} ms`);
    console.log(`    of which user / system         ${fmt((split1[0] - split0[0]) / N)} /${fmt((split1[1] - split0[1]) / N)} ms`);
    console.log(`    context switches / create      ${fmt((switches1 - switches0) / N)}`);
    console.log(`  sfsim CPU / create              ${fmt(simMs / N)} ms`);
    console.log(`  ratio host+plugin / sfsim       ${(simMs > 0 ? hostMs / simMs : NaN).toFixed(2).padStart(9)}x`);
  } finally {
    await h.stop(serve);
    await h.stop(sim);
  }
})().catch((e) => { console.error(e); process.exit(1); });
