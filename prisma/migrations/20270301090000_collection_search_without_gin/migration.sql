-- The collection's search (collection.service.ts, itemsSql) matches the organization's own items through its
-- ("organizationId", id) index: a kindergarten's collection is hundreds of items. This city-wide GIN index no
-- longer served it and could only hurt: the direct reads' generic plan cannot see how common a word is, and for
-- a common one («наставника», in every kindergarten's collection) it took this index and read every
-- organization's matches — 40 000 at city scale, 8–10 ms against ~0.3 ms. It also cost every insert and edit of
-- an item a GIN update. The trigger-kept "searchVector" stays.
DROP INDEX "CollectionItem_searchVector_idx";
