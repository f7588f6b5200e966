console.log('outcomes: not yet');
