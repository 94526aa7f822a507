// The fleet page's data, without DOM: agents and runs as the stream reports them, and the
// filtered, sorted view of them. Kept apart so the page only draws.

export const STATE_WORDS = {
  AGENT_STATE_ONLINE: 'online',
  AGENT_STATE_BUSY: 'busy',
  AGENT_STATE_OFFLINE: 'offline',
  AGENT_STATE_REVOKED: 'revoked',
};

export const stateWord = (agent) => STATE_WORDS[agent.state] || 'unknown';

// Agents of one snapshot share frozen label objects (fleet-snapshot.js): their text is made once.
const labelTexts = new WeakMap();

/** "site=front-desk, room=2" for an agent's labels map. */
export function labelText(labels) {
  const known = labels ? labelTexts.get(labels) : undefined;
  if (known !== undefined) return known;
  const text = Object.entries(labels || {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  if (labels && Object.isFrozen(labels)) labelTexts.set(labels, text);
  return text;
}

/** Parses "k=v, k2=v2" into {k: v, k2: v2}; throws an Error naming the bad part. */
export function parseSelector(text) {
  const labels = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`label selector: "${part}" is not key=value`);
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (Object.keys(labels).length === 0) throw new Error('label selector: give at least one key=value');
  return labels;
}

// Intl.Collator is many times faster than localeCompare over ten thousand hostnames, and
// WatchFleetSnapshot sends them in this order already, which leaves the sort a single pass.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function runTime(run) {
  return Date.parse(run.finishedAt || run.dispatchedAt || '') || 0;
}

export class FleetModel {
  constructor() {
    this.agents = new Map(); // agentId -> AgentInfo
    this.runs = new Map(); // runId -> RunSummary (current and recent)
    this.lastRun = new Map(); // agentId -> newest finished RunSummary
    this.search = new Map(); // agentId -> lower-case text the search box matches
    this.order = []; // agent ids by hostname
    this.labelSet = [];
    this.orderStale = true;
    this.labelsStale = true;
    this.version = 0; // grows with every change a filter can see
    this.cache = { key: null, ids: [] };
  }

  putAgent(agent) {
    const old = this.agents.get(agent.agentId);
    const host = (agent.machine && agent.machine.hostname) || '';
    if (!old || (old.machine && old.machine.hostname) !== host) this.orderStale = true;
    if (!old || (old.labels !== agent.labels && labelText(old.labels) !== labelText(agent.labels))) {
      this.labelsStale = true;
    }
    this.agents.set(agent.agentId, agent);
    this.version++;
    // Made again when a text search next needs it: ten thousand at load would delay the first rows.
    this.search.delete(agent.agentId);
  }

  /** The lower-case text the search box matches against an agent. */
  searchText(id) {
    let text = this.search.get(id);
    if (text === undefined) {
      const a = this.agents.get(id);
      const m = a.machine || {};
      text = [m.hostname || '', id, labelText(a.labels), m.osName, m.osVersion].join(' ').toLowerCase();
      this.search.set(id, text);
    }
    return text;
  }

  /** Forgets every agent: a complete snapshot follows (a reconnected stream starts with one). */
  clearAgents() {
    if (this.agents.size === 0) return;
    this.agents.clear();
    this.search.clear();
    this.orderStale = true;
    this.labelsStale = true;
    this.version++;
  }

  putRun(run) {
    this.runs.set(run.runId, run);
    if (run.state === 'RUN_STATE_FINISHED') {
      const prev = this.lastRun.get(run.agentId);
      if (!prev || runTime(prev) <= runTime(run)) this.lastRun.set(run.agentId, run);
    }
    // Keep the map to what the page shows: current runs and each agent's last one.
    if (this.runs.size > 4 * Math.max(1000, this.agents.size)) this.prune();
  }

  prune() {
    const wanted = new Set();
    for (const a of this.agents.values()) if (a.currentRunId) wanted.add(a.currentRunId);
    for (const r of this.lastRun.values()) wanted.add(r.runId);
    for (const id of this.runs.keys()) if (!wanted.has(id)) this.runs.delete(id);
  }

  currentRun(agent) {
    return agent.currentRunId ? this.runs.get(agent.currentRunId) : undefined;
  }

  /** Distinct "k=v" labels across the fleet, sorted. */
  labels() {
    if (this.labelsStale) {
      const set = new Set();
      const seen = new Set(); // label objects already counted (shared by many agents)
      for (const a of this.agents.values()) {
        if (!a.labels || seen.has(a.labels)) continue;
        seen.add(a.labels);
        for (const [k, v] of Object.entries(a.labels)) set.add(`${k}=${v}`);
      }
      this.labelSet = [...set].sort();
      this.labelsStale = false;
    }
    return this.labelSet;
  }

  /** Agent ids matching the filters, by hostname; the same array while nothing changed. */
  filter({ text = '', label = '', state = '' }) {
    const key = `${this.version}\u0000${text}\u0000${label}\u0000${state}`;
    if (this.cache.key === key) return this.cache.ids;
    if (this.orderStale) {
      const rows = [];
      for (const [id, a] of this.agents) rows.push({ id, host: (a.machine || {}).hostname || '' });
      rows.sort((a, b) => collator.compare(a.host, b.host) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.order = rows.map((r) => r.id);
      this.orderStale = false;
    }
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    let labelKey = null;
    let labelValue = null;
    if (label) {
      const eq = label.indexOf('=');
      labelKey = label.slice(0, eq);
      labelValue = label.slice(eq + 1);
    }
    const out = [];
    for (const id of this.order) {
      const a = this.agents.get(id);
      if (state && stateWord(a) !== state) continue;
      if (labelKey !== null && (a.labels || {})[labelKey] !== labelValue) continue;
      if (words.length) {
        const hay = this.searchText(id);
        if (!words.every((w) => hay.includes(w))) continue;
      }
      out.push(id);
    }
    this.cache = { key, ids: out };
    return out;
  }
}
