// Reads WatchFleetSnapshot's compact messages (fleet_snapshot.proto: columns, shared values in a
// string table) back into the AgentInfo and RunSummary shapes the fleet model keeps. Every index
// and count comes from the network: one out of range drops that message's rest, never the page.

const num = (v) => Number(v) || 0;

function column(cols, name, n) {
  const c = cols[name];
  return Array.isArray(c) && c.length === n ? c : null;
}

/** Agents of one message: [{agentId, machine, labels, state, lastSeen, currentRunId, queuedRuns}]. */
export function snapshotAgents(message) {
  const cols = message.agents || {};
  const strings = Array.isArray(message.strings) ? message.strings : [];
  const ids = Array.isArray(cols.agentId) ? cols.agentId : [];
  const n = ids.length;
  if (n === 0) return [];
  const get = (name) => column(cols, name, n);
  const [host, state, osName, osVersion, version, labelCount, seen, current, queued] = [
    'hostname', 'state', 'osName', 'osVersion', 'agentVersion', 'labelCount', 'lastSeenMs',
    'currentRunId', 'queuedRuns',
  ].map(get);
  if (!host || !state || !osName || !osVersion || !version || !labelCount || !seen || !current || !queued) {
    throw new Error('fleet snapshot: an agent column is missing or of the wrong length');
  }
  const pairs = Array.isArray(cols.labelPairs) ? cols.labelPairs : [];
  const str = (i) => {
    const s = strings[i];
    if (typeof s !== 'string') throw new Error(`fleet snapshot: string ${i} out of range`);
    return s;
  };
  // Agents with the same labels share one (frozen) object: a fleet has few distinct label sets.
  const labelSets = new Map();
  const out = new Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const count = num(labelCount[i]);
    if (at + 2 * count > pairs.length) throw new Error('fleet snapshot: labels out of range');
    const key = pairs.slice(at, at + 2 * count).join(',');
    let labels = labelSets.get(key);
    if (!labels) {
      // No prototype: a label named "__proto__" is a label like any other, as JSON.parse made it.
      labels = Object.create(null);
      for (let p = at; p < at + 2 * count; p += 2) labels[str(pairs[p])] = str(pairs[p + 1]);
      labelSets.set(key, Object.freeze(labels));
    }
    at += 2 * count;
    const lastSeen = num(seen[i]);
    out[i] = {
      agentId: String(ids[i]),
      machine: {
        hostname: String(host[i]),
        osName: str(osName[i]),
        osVersion: str(osVersion[i]),
        agentVersion: str(version[i]),
      },
      labels,
      state: str(state[i]),
      // A time as milliseconds: dom.js's fmtAgo and fmtTime read it as they read RFC 3339 text.
      lastSeen: lastSeen > 0 ? lastSeen : undefined,
      currentRunId: String(current[i]),
      queuedRuns: num(queued[i]),
    };
  }
  return out;
}

/** Runs of one message, as RunSummary's JSON (times as RFC 3339 text). */
export function snapshotRuns(message) {
  const cols = message.runs || {};
  const ids = Array.isArray(cols.runId) ? cols.runId : [];
  const n = ids.length;
  if (n === 0) return [];
  const get = (name) => column(cols, name, n);
  const [agent, state, status, total, completed, dispatched, finished] = [
    'agentId', 'state', 'status', 'totalTasks', 'completedTasks', 'dispatchedAtMs', 'finishedAtMs',
  ].map(get);
  if (!agent || !state || !status || !total || !completed || !dispatched || !finished) {
    throw new Error('fleet snapshot: a run column is missing or of the wrong length');
  }
  const time = (ms) => (num(ms) > 0 ? new Date(num(ms)).toISOString() : undefined);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      runId: String(ids[i]),
      agentId: String(agent[i]),
      state: String(state[i]),
      status: String(status[i]),
      totalTasks: num(total[i]),
      completedTasks: num(completed[i]),
      dispatchedAt: time(dispatched[i]),
      finishedAt: time(finished[i]),
    };
  }
  return out;
}
