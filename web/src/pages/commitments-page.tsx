import { useApi } from '../api-client.ts';
import type { CommitmentEntry, Page } from '../api-types.ts';
import { StatusView } from '../components/status-view.tsx';
import { href } from '../router.ts';

export function CommitmentsPage() {
  const ledger = useApi<Page<CommitmentEntry>>('/api/commitments?limit=500');
  return (
    <>
      <h1>Commitments</h1>
      <p className="lede">Pledges found in the documents, each linked to its sentence.</p>
      <StatusView value={ledger}>
        {(page) => page.items.length === 0 ? <p>No commitments found.</p> : (
          <div className="table-scroll">
            <table>
              <caption>Commitments ledger</caption>
              <thead>
                <tr><th scope="col">Date</th><th scope="col">Actor</th><th scope="col">Pledge</th><th scope="col">Amount</th><th scope="col">Period</th><th scope="col">Source</th></tr>
              </thead>
              <tbody>
                {page.items.map((c, i) => (
                  <tr key={`${c.documentId}-${c.start}-${i}`}>
                    <td>{c.publishedAt?.slice(0, 10) ?? '–'}</td>
                    <td>{c.actor ? <a href={href.actor(c.actor)}>{c.actor}</a> : '–'}</td>
                    <td><a href={href.document(c.documentId, c)}>{c.action} {c.object}</a></td>
                    <td>{c.amount !== null ? `${c.amount}${c.unit ? ` ${c.unit}` : ''}` : '–'}</td>
                    <td>{c.period ?? '–'}</td>
                    <td>{c.documentTitle}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </StatusView>
    </>
  );
}
