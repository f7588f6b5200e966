/**
 * People: who may sign in, and what the clinics and therapists are called (issue 16, items 4 and
 * 6). An admin manages users of every role; an owner the therapist users of their own clinics
 * (the API decides: GET /api/users answers only those). Both name clinics and therapists by the id
 * used in their files, and rename or remove names. Every form control is labelled, everything works
 * by keyboard, and the tables scroll inside their card on a phone.
 */
import type { FilterCatalogue, ManagedUser } from '../../api/api-types.js';
import { NO_NAMES } from '../../format/display-names.js';
import type { PageContext } from '../../layout/page-shell.js';
import { pageIntro } from '../../layout/report-view.js';
import { forbiddenState } from '../../layout/states.js';
import { forbiddenTitle } from '../../auth/role-access.js';
import { namesPanel } from './names-panel.js';
import { newUserPanel } from './new-user-panel.js';
import { userListPanel } from './user-list-panel.js';

export async function renderUsers(context: PageContext): Promise<void> {
  const { people } = context.access;
  if (people.manages.length === 0 && !people.names) {
    context.content.append(
      forbiddenState(forbiddenTitle(context.access), 'An admin or a clinic owner manages who may sign in.'),
    );
    return;
  }
  const catalogue: FilterCatalogue | null = await context.catalogue;
  const names = catalogue?.names ?? NO_NAMES;
  context.content.append(
    pageIntro(
      people.manages.length > 1
        ? 'Add people, give them a role and the clinics they stand for, reset a password or end someone’s sign-ins. '
        : 'Add your therapists so that they can sign in and see their own results against their peers; reset a password or end someone’s sign-ins. ',
      'Clinics and therapists are shown by the names given under “Names”.',
    ),
  );
  const list = userListPanel(context, names);
  const onCreated = (user: ManagedUser): void => list.add(user);
  if (people.manages.length > 0) {
    context.content.append(newUserPanel(context, catalogue, onCreated), list.element);
    await list.load();
  }
  if (people.names) context.content.append(await namesPanel(context, catalogue));
}
