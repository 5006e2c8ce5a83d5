import { describe, expect, it } from 'vitest';
import { documentVotes, eventEvidence, storyEvents, type EvidenceOptions, type Vote } from './event-evidence.js';
import { relateEvents, type EventSignature } from './main-event.js';

const opt: EvidenceOptions = {
  relate: (a, b) => relateEvents(a, b, 1, 5),
  ambiguity: 0.75,
  compatibleCredit: 0.5,
  dateToleranceDays: 1,
};

const sig = (participants: string[], date: string | null, weight = 10, mode: string | null = 'phone'): EventSignature =>
  ({ type: 'CONSULT', mode, participants, actors: [], date, weight, sentence: 0 });

/** The votes of a story's documents, summed by key and in key order, as the grouper keeps them. */
function storyVotes(...docs: EventSignature[][]): Vote[] {
  const byKey = new Map<string, Vote>();
  for (const events of docs) {
    for (const v of documentVotes(events, opt.ambiguity)) {
      const old = byKey.get(v.key);
      if (old) {
        old.weight += v.weight;
        old.main += v.main;
      } else {
        byKey.set(v.key, { ...v });
      }
    }
  }
  return [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v);
}

describe('documentVotes', () => {
  it('votes for the main event and for runners-up nearly as heavy, by confidence and prominence', () => {
    const votes = documentVotes([sig(['CHN', 'USA'], null, 12), sig(['JPN', 'USA'], null, 10), sig(['JPN'], null, 4)], 0.75);
    expect(votes.map((v) => [v.sig.participants.join('+'), v.main])).toEqual([['CHN+USA', 1], ['JPN+USA', 0]]);
    expect(votes[1]!.weight).toBeCloseTo(0.6 * (10 / 12), 9);
  });
});

describe('storyEvents', () => {
  it('backs the event the documents describe with their noisy and partial mentions of it', () => {
    // One report of the Trump–Takaichi call has it well attested; three name it partly (one party,
    // a day off; no mode; "Taiwan" as a party); one more report mainly recalls the Xi–Trump call.
    const votes = storyVotes(
      [sig(['JPN', 'USA'], '2025-11-25')],
      [sig(['JPN'], '2025-11-23')],
      [sig(['JPN', 'USA'], null, 10, null)],
      [sig(['TWN'], '2025-11-25')],
      [sig(['CHN', 'USA'], '2025-11-24')],
    );
    const chosen = storyEvents(votes, opt);
    expect(chosen.main).toMatchObject({ participants: ['JPN', 'USA'], date: '2025-11-25', mode: 'phone' });
    expect(chosen.candidates.map((c) => c.sig.participants.join('+'))).toEqual(['JPN+USA']);
  });

  it('names the story by the most specific form of its best-backed event', () => {
    const votes = storyVotes([sig(['CHN'], null)], [sig(['CHN'], null)], [sig(['CHN', 'USA'], '2025-11-24')]);
    expect(storyEvents(votes, opt).main).toMatchObject({ participants: ['CHN', 'USA'], date: '2025-11-24' });
  });

  it('keeps an unrelated event backed nearly as well as a candidate (a story of one report of two calls)', () => {
    const votes = storyVotes([sig(['JPN', 'USA'], '2025-11-25', 10), sig(['CHN', 'USA'], '2025-11-24', 10)]);
    const chosen = storyEvents(votes, opt);
    expect(chosen.candidates).toHaveLength(2);
    expect(chosen.candidates[1]!.share).toBeCloseTo(1, 9);
  });

  it('has no main event without votes', () => {
    expect(storyEvents([], opt)).toEqual({ main: null, candidates: [] });
  });
});

describe('eventEvidence', () => {
  const takaichiStory = storyEvents(storyVotes([sig(['JPN', 'USA'], '2025-11-25')]), opt);
  const doc = (events: EventSignature[]) => ({ main: events[0]!, events, votes: documentVotes(events, opt.ambiguity) });

  it('keeps out a document mainly about a look-alike call', () => {
    expect(eventEvidence(doc([sig(['CHN', 'USA'], '2025-11-24', 12), sig(['JPN', 'USA'], null, 5)]), takaichiStory, opt)).toBeNull();
  });

  it('lets in a document nearly as much about this call as about the one it leads with', () => {
    const evidence = eventEvidence(doc([sig(['CHN', 'USA'], null, 12.5), sig(['JPN', 'USA'], null, 10.5)]), takaichiStory, opt);
    expect(evidence).not.toBeNull();
    // Undated (confidence 0.6) and the runner-up (10.5 / 12.5).
    expect(evidence).toBeCloseTo(0.6 * (10.5 / 12.5), 9);
  });

  it('gives half credit to a compatible main event and less to a passing mention', () => {
    expect(eventEvidence(doc([sig(['JPN'], '2025-11-23', 10)]), takaichiStory, opt)).toBeCloseTo(0.6 * 0.5, 9);
    const passing = eventEvidence(doc([sig(['JPN', 'USA'], '2025-11-25', 10, 'visit'), sig(['JPN', 'USA'], '2025-11-25', 5)]), takaichiStory, opt);
    expect(passing).toBeCloseTo(1 * 0.5, 9);
  });

  it('keeps apart two well-attested events of different kinds on different dates', () => {
    const meeting = sig(['JPN', 'USA'], '2025-10-28', 10, 'visit');
    expect(eventEvidence(doc([meeting]), takaichiStory, opt)).toBeNull();
  });
});

describe('storyEvents on a large story', () => {
  it('judges by the heaviest votes and still finds the event most documents report', () => {
    const noise = Array.from({ length: 200 }, (_, i) => [sig([`X${i}`], null, 10)]);
    const reports = Array.from({ length: 30 }, () => [sig(['CHN', 'USA'], '2025-11-24')]);
    const chosen = storyEvents(storyVotes(...noise, ...reports), opt);
    expect(chosen.main).toMatchObject({ participants: ['CHN', 'USA'], date: '2025-11-24' });
  });
});
