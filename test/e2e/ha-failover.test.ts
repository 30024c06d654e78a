// High availability (#18): two daemon processes on one PostgreSQL, one emulated Slack. An alert storm
// of 1,000 incidents over 10 channels goes to both daemons' intake (as a reverse proxy spreads it);
// mid-storm the daemon delivering to Slack is killed with SIGKILL. Nothing may be lost: every
// incident is in its channel (its own card, or counted on the channel's storm card), every note
// added during the storm is in its thread; a Slack post is repeated only for a call that was in
// flight at the kill; the survivor takes the workspace's deliveries over within the lease; and per
// channel the order holds (cards in incident order, no thread reply before its parent).
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type Cluster, type WorldMessage } from '../helpers/cluster.mjs';
import { databaseForHaTests, LEASE_MS } from '../helpers/ha.js';

const INCIDENTS = 1000;
const CHANNELS = 10;
/** One incident in NOTE_EVERY gets a note during the storm: a thread reply under its card or its storm card. */
const NOTE_EVERY = 10;
const DELIVERY_METHODS = new Set(['chat.postMessage', 'chat.update']);

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

const noteText = (n: number) => `[note ${n}] checked the dashboards`;

describe('two daemons on one database, kill -9 mid-storm', () => {
  it('loses no incident, repeats only calls in flight, hands the deliveries over within the lease, keeps each channel in order', { timeout: 240_000 }, async (ctx) => {
    const db = databaseForHaTests(ctx);
    cluster = await startCluster({ db, daemons: 2, channels: CHANNELS, rateLimits: true, pace: true, digestThreshold: 8 });
    const c = cluster;
    const { world } = c;

    // The storm, as a reverse proxy spreads it: incident n goes to daemon n % 2 first, to the other
    // when that one does not answer. A dedup key per incident makes a retried request the same incident.
    const ids: number[] = [];
    const notes = new Map<number, number>(); // incident number → storm index
    let posted = 0;
    const post = async (n: number) => {
      const r = await c.apiAnyDaemon(n % 2, 'POST', '/api/incidents', { title: `Storm incident ${n}`, service: `svc-${n % CHANNELS}`, urgency: 'HIGH', dedup_key: `storm-${n}` });
      expect([200, 201, 202]).toContain(r.status);
      ids[n] = r.body.id as number;
      if (n % NOTE_EVERY === 3) {
        const note = await c.apiAnyDaemon((n + 1) % 2, 'POST', `/api/incidents/${ids[n]}/notes`, { text: noteText(n) });
        expect(note.status).toBeLessThan(300);
        notes.set(ids[n]!, n);
      }
      posted++;
    };
    const stormStarted = Date.now();
    const storm = (async () => {
      for (let n = 0; n < INCIDENTS; n += 20) await Promise.all(Array.from({ length: Math.min(20, INCIDENTS - n) }, (_, k) => post(n + k)));
    })();
    // Awaited below; a failed request ends the wait for the kill moment at once, with its reason.
    let stormFailed: unknown = null;
    storm.catch((err: unknown) => (stormFailed = err));

    // Mid-storm: find the daemon delivering (one workspace is one lane: one daemon holds it).
    await waitFor(
      async () => {
        if (stormFailed) throw stormFailed;
        return posted >= INCIDENTS * 0.3;
      },
      'a third of the storm to be taken in',
      120_000,
      20,
    );
    const before = await world.calls();
    const deliveringBefore = new Set(before.filter((x) => DELIVERY_METHODS.has(x.method)).map((x) => x.front));
    expect(deliveringBefore.size, 'one daemon delivers the workspace’s lane').toBe(1);
    const victim = [...deliveringBefore][0]!;
    const survivor = 1 - victim;

    // Slack keeps executing the victim's calls but holds their answers back; once some are out and
    // whatever it heard before has had time to be recorded, kill -9. Those open calls are exactly
    // the calls in flight at the kill.
    await world.hold(victim);
    await waitFor(async () => (await world.fronts())[victim]!.open > 0, 'a call of the victim in flight', 10_000, 20);
    await new Promise((r) => setTimeout(r, 500));
    const inFlight = (await world.fronts())[victim]!.open;
    const killedAt = Date.now();
    await c.daemons[victim]!.kill('SIGKILL');
    await world.release(victim);
    await storm;
    const intakeS = (Date.now() - stormStarted) / 1000;
    expect(ids.filter((x) => x !== undefined)).toHaveLength(INCIDENTS);
    expect(new Set(ids).size, 'each storm incident is one incident (retries deduplicated)').toBe(INCIDENTS);

    // Everything shows up in Slack: per channel, its incidents on cards or counted on its storm card,
    // and each note in a thread.
    const byChannel = new Map(world.channels.map((ch, i) => [ch, ids.filter((_, n) => n % CHANNELS === i)]));
    const represented = (msgs: WorldMessage[]) => {
      const own = new Set<number>();
      let onStormCards = 0;
      for (const m of msgs) {
        if (m.thread_ts) continue;
        if (m.storm_total !== null) onStormCards += m.storm_total;
        else for (const id of m.incidents) own.add(id);
      }
      return { own, count: own.size + onStormCards };
    };
    const notesShown = (all: Record<string, WorldMessage[]>) => Object.values(all).flat().filter((m) => m.thread_ts && /\[note \d+\]/.test(m.text)).length;
    await waitFor(
      async () => {
        const all = await world.messages();
        return world.channels.every((ch) => represented(all[ch]!).count >= byChannel.get(ch)!.length) && notesShown(all) >= notes.size;
      },
      'every incident and note to be shown in Slack',
      150_000,
      250,
    );
    const shownS = (Date.now() - stormStarted) / 1000;
    // Trailing edits and repeats settle.
    await new Promise((r) => setTimeout(r, 2000));
    const all = await world.messages();
    const calls = await world.calls();

    let lost = 0;
    let duplicates = 0;
    for (const [ch, list] of byChannel) {
      const msgs = all[ch]!;
      const top = msgs.filter((m) => !m.thread_ts);
      // Lost: fewer incidents shown than routed here.
      lost += Math.max(0, list.length - represented(msgs).count);
      // Repeated posts: an incident's own card twice, a second storm card (note replies: below).
      const cardCounts = new Map<number, number>();
      for (const m of top) if (m.storm_total === null) for (const id of m.incidents) cardCounts.set(id, (cardCounts.get(id) ?? 0) + 1);
      duplicates += [...cardCounts.values()].reduce((s, k) => s + k - 1, 0);
      duplicates += Math.max(0, top.filter((m) => m.storm_total !== null).length - 1);
      // Order: cards first appear in incident order; a reply only after its parent, in its channel.
      const firstSeen: number[] = [];
      const seen = new Set<number>();
      for (const m of top) {
        if (m.storm_total !== null) continue;
        for (const id of m.incidents) {
          if (seen.has(id)) continue;
          seen.add(id);
          firstSeen.push(id);
        }
      }
      expect(firstSeen, `cards of ${ch} in incident order`).toEqual([...firstSeen].sort((a, b) => a - b));
      const position = new Map(msgs.map((m, k) => [m.ts, k]));
      for (const [k, m] of msgs.entries()) {
        if (!m.thread_ts) continue;
        expect(position.get(m.thread_ts), `reply "${m.text.slice(0, 60)}" in ${ch} has its parent before it`).toBeLessThan(k);
      }
    }
    // Every note appears, exactly as often as the timeline has it (a retried request may add it twice).
    let notesInTimelines = 0;
    for (const id of notes.keys()) {
      const events = (await c.api(survivor, 'GET', `/api/incidents/${id}`)).body.events as { type: string }[];
      notesInTimelines += events.filter((e) => e.type === 'note_added').length;
    }
    const noteReplies = Object.values(all).flat().filter((m) => m.thread_ts && /\[note \d+\]/.test(m.text));
    const notesSeen = new Set(noteReplies.map((m) => /\[note (\d+)\]/.exec(m.text)![1]!));
    expect(notesSeen.size, 'every note is in a thread').toBe(notes.size);
    duplicates += Math.max(0, noteReplies.length - notesInTimelines);

    // Takeover: the survivor's first delivery call after the kill.
    const survivorCalls = calls.filter((x) => x.front === survivor && DELIVERY_METHODS.has(x.method));
    const firstAfterKill = survivorCalls.find((x) => x.started >= killedAt);
    const takeoverMs = firstAfterKill ? firstAfterKill.started - killedAt : Infinity;
    const survivorBefore = survivorCalls.filter((x) => x.started < killedAt).length;
    console.log(
      `HA failover: ${INCIDENTS} incidents over ${CHANNELS} channels; daemon ${victim} killed after ${before.length} Slack calls; ` +
        `calls in flight at the kill: ${inFlight}; repeated posts: ${duplicates}; lost: ${lost}; ` +
        `survivor took over after ${takeoverMs} ms (lease ${LEASE_MS} ms); Slack calls in all: ${calls.length}; ` +
        `storm taken in after ${intakeS.toFixed(1)} s, all shown in Slack after ${shownS.toFixed(1)} s`,
    );

    expect(lost).toBe(0);
    expect(noteReplies.length, 'a reply for each note in the timelines').toBeGreaterThanOrEqual(notesInTimelines);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect(survivorBefore, 'the survivor did not deliver while the other held the lane').toBe(0);
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + 2000);
  });
});
