# The stored findings about some propositions removed from the links graph (an incremental relink
# then adds them as computed now, in the same update). kg.pipeline puts the propositions' IRIs in
# place of UNDEF, one such operation per chunk of them.
PREFIX kg: <https://w3id.org/crkg/ns#>
DELETE { GRAPH <https://w3id.org/crkg/graph/links> { ?finding ?p ?o } }
WHERE {
  VALUES ?prop { UNDEF }
  GRAPH <https://w3id.org/crkg/graph/links> { ?finding kg:concerns ?prop . ?finding ?p ?o }
}
