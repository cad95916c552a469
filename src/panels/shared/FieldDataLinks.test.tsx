import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, FieldType, type LinkModel, type Field } from '@grafana/data';
import { FieldDataLinks } from './FieldDataLinks';
import { withTheme } from './testing';

function fieldWithLinks(links: Array<Partial<LinkModel>>): Field {
  const frame = createDataFrame({
    fields: [
      {
        name: 'score',
        type: FieldType.number,
        values: [63],
        config: { links: links.map((l) => ({ title: l.title ?? '', url: l.href ?? '' })) },
      },
    ],
  });
  const field = frame.fields[0];
  field.getLinks = () =>
    links.map(
      (l) => ({ href: l.href ?? '', title: l.title ?? '', target: '_self', origin: field }) as LinkModel<Field>
    );
  return field;
}

describe('FieldDataLinks', () => {
  it('renders the value as it is without links', () => {
    render(
      withTheme(
        <FieldDataLinks field={createDataFrame({ fields: [{ name: 'x', values: [1] }] }).fields[0]}>
          <span>63</span>
        </FieldDataLinks>
      )
    );
    expect(screen.getByText('63')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('makes the value a real link for one data link', () => {
    render(
      withTheme(
        <FieldDataLinks field={fieldWithLinks([{ href: '/d/tvm-events', title: 'Events' }])}>
          <span>63</span>
        </FieldDataLinks>
      )
    );
    expect(screen.getByRole('link')).toHaveAttribute('href', '/d/tvm-events');
  });

  it('makes the value a keyboard-reachable menu button for several', () => {
    render(
      withTheme(
        <FieldDataLinks
          field={fieldWithLinks([
            { href: '/d/a', title: 'A' },
            { href: '/d/b', title: 'B' },
          ])}
        >
          <span>63</span>
        </FieldDataLinks>
      )
    );
    const button = screen.getByRole('button');
    expect(button).toHaveAttribute('tabindex', '0');
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
  });
});
