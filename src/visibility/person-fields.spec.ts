import { Viewer } from 'src/auth/actor';
import { personForViewer } from 'src/visibility/person-fields';
import { Person } from 'src/persons/person.entity';

const person = (publishedFields: Person['publishedFields']): Person =>
  Object.assign(new Person(), {
    id: 'p1',
    bodyId: 'b1',
    name: 'Erika Mustermann',
    email: ['erika@example.org'],
    phone: ['+49 351 123'],
    locationId: 'l1',
    gender: 'weiblich',
    life: 'Lehrerin',
    lifeSource: 'Selbstauskunft',
    status: ['Stadträtin'],
    title: ['Dr.'],
    publishedFields,
  });

const member: Viewer = { kind: 'member', bodyId: 'b1', personId: null, seesAllNonPublic: false };

describe('personForViewer', () => {
  it('shows the council office every field', () => {
    const p = person([]);
    expect(personForViewer(p, { kind: 'admin', bodyId: 'b1' })).toEqual(p);
  });

  it('hides every unpublished optional field from members and the public, keeping name and title', () => {
    for (const viewer of [member, { kind: 'public' } as Viewer]) {
      const seen = personForViewer(person([]), viewer);
      expect(seen).toMatchObject({ name: 'Erika Mustermann', title: ['Dr.'] });
      expect(seen).toMatchObject({ email: [], phone: [], locationId: null, gender: null, life: null, lifeSource: null, status: [] });
    }
  });

  it('shows exactly the fields the person published', () => {
    const seen = personForViewer(person(['email', 'life']), member);
    expect(seen).toMatchObject({ email: ['erika@example.org'], life: 'Lehrerin', lifeSource: 'Selbstauskunft' });
    expect(seen).toMatchObject({ phone: [], locationId: null, gender: null, status: [] });
  });

  it('does not change the person it was given', () => {
    const p = person([]);
    personForViewer(p, member);
    expect(p.email).toEqual(['erika@example.org']);
  });
});
