import { SEARCH_ATTRIBUTES, searchAttributes } from '../../workflows/searchAttributes';

it('upserts exactly the search attributes the dev server registers, with the same types', () => {
  const upserted = Object.values(searchAttributes).map((key) => [key.name, key.type]);
  const registered = Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [
    name,
    type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
  ]);
  expect(upserted.sort()).toEqual(registered.sort());
});
