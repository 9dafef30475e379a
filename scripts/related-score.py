#!/usr/bin/env python3
"""Score the related stories of a `storyline run --json` output against a
clustering set's gold.jsonl.

Each gold story stands for the predicted story holding most of its
articles (ties: the smaller story id). Two figures:

  pairs  sets whose gold stories share a topic (the gold story id without
         its last dash-separated part: ECB+'s ecb-1-ecb and ecb-1-ecbplus
         are the two events of topic 1): for each topic of exactly two gold
         stories, is each story's top related story the other's? Reported
         per direction and for both at once; a topic whose two events fell
         into one predicted story is a miss, counted apart.
  kind   the share of gold stories whose top related story holds mostly
         articles of another gold story of the same topic (strict), or of
         the same topic, itself included (a piece of the same event that
         the clustering split off: lenient); and the share whose list
         holds the predicted story of the other event of its topic.

usage: scripts/related-score.py GOLD.jsonl RUN.json
"""
import collections
import json
import sys


def topic(story):
    return story.rsplit("-", 1)[0]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        if line.strip():
            o = json.loads(line)
            gold[o["id"]] = o["story"]
    run = json.load(open(sys.argv[2], encoding="utf-8"))
    members = {}
    related = {}
    where = {}
    for s in run["stories"]:
        members[s["id"]] = [a["id"] for a in s["articles"] if a["id"] in gold]
        related[s["id"]] = [r["story"] for r in s.get("related", [])]
        for a in members[s["id"]]:
            where[a] = s["id"]
    by_gold = collections.defaultdict(collections.Counter)
    for a, g in gold.items():
        if a in where:
            by_gold[g][where[a]] += 1
    main_of = {g: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for g, c in by_gold.items()}

    def majority(story):
        c = collections.Counter(gold[a] for a in members.get(story, []))
        if not c:
            return None
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    topics = collections.defaultdict(list)
    for g in sorted(by_gold):
        topics[topic(g)].append(g)
    two = {t: gs for t, gs in topics.items() if len(gs) == 2}
    both = one_way = merged = 0
    directions = 0
    for t, (g1, g2) in sorted(two.items()):
        p1, p2 = main_of[g1], main_of[g2]
        if p1 == p2:
            merged += 1
            continue
        a = related[p1][:1] == [p2]
        b = related[p2][:1] == [p1]
        directions += a + b
        both += a and b
    kind = lenient = listed = with_related = 0
    for g in sorted(by_gold):
        rel = related[main_of[g]]
        others = [o for o in topics[topic(g)] if o != g]
        listed += any(main_of[o] in rel for o in others)
        if not rel:
            continue
        with_related += 1
        m = majority(rel[0])
        if m is not None and topic(m) == topic(g):
            lenient += 1
            kind += m != g
    n = len(by_gold)
    print(f"gold stories {n}, with a related story {with_related} ({with_related / n:.3f})")
    print(f"top related story of the same kind of event: {kind}/{n} = {kind / n:.3f} (strict), "
          f"{lenient}/{n} = {lenient / n:.3f} (lenient); the other event of the topic among the related: {listed}/{n} = {listed / n:.3f}")
    if two:
        print(f"topics of two events {len(two)}: each the other's top related {both}/{len(two)} = {both / len(two):.3f}; "
              f"directions {directions}/{2 * len(two)} = {directions / (2 * len(two)):.3f}; both events in one story {merged}")


if __name__ == "__main__":
    main()
