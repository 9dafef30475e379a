package cluster

// SetPrefetchScoringDF turns off the prefetch of the document frequencies
// that scoring candidate stories reads, so that idf faults them all in.
func SetPrefetchScoringDF(on bool) { prefetchScoringDF = on }
