/** One bibliography for the whole site: chapters cite with `[@key]`, the References page lists them. */
export interface Reference {
  /** Short form shown in the text: "Elman, 1990". */
  readonly short: string;
  /** Full entry, APA-like. */
  readonly full: string;
  readonly url?: string;
}

export const bibliography: Readonly<Record<string, Reference>> = {
  bahdanau2015: {
    short: 'Bahdanau et al., 2015',
    full: 'Bahdanau, D., Cho, K., & Bengio, Y. (2015). Neural machine translation by jointly learning to align and translate. 3rd International Conference on Learning Representations (ICLR). arXiv:1409.0473.',
    url: 'https://arxiv.org/abs/1409.0473',
  },
  bengio1994: {
    short: 'Bengio et al., 1994',
    full: 'Bengio, Y., Simard, P., & Frasconi, P. (1994). Learning long-term dependencies with gradient descent is difficult. IEEE Transactions on Neural Networks, 5(2), 157–166.',
    url: 'https://doi.org/10.1109/72.279181',
  },
  bengio2003: {
    short: 'Bengio et al., 2003',
    full: 'Bengio, Y., Ducharme, R., Vincent, P., & Jauvin, C. (2003). A neural probabilistic language model. Journal of Machine Learning Research, 3, 1137–1155.',
    url: 'https://www.jmlr.org/papers/v3/bengio03a.html',
  },
  bengio2015: {
    short: 'Bengio et al., 2015',
    full: 'Bengio, S., Vinyals, O., Jaitly, N., & Shazeer, N. (2015). Scheduled sampling for sequence prediction with recurrent neural networks. Advances in Neural Information Processing Systems 28 (NIPS 2015). arXiv:1506.03099.',
    url: 'https://arxiv.org/abs/1506.03099',
  },
  bridle1990: {
    short: 'Bridle, 1990',
    full: 'Bridle, J. S. (1990). Probabilistic interpretation of feedforward classification network outputs, with relationships to statistical pattern recognition. In Neurocomputing (NATO ASI Series F, vol. 68), 227–236. Springer.',
    url: 'https://doi.org/10.1007/978-3-642-76153-9_28',
  },
  cho2014: {
    short: 'Cho et al., 2014',
    full: 'Cho, K., van Merriënboer, B., Gulcehre, C., Bahdanau, D., Bougares, F., Schwenk, H., & Bengio, Y. (2014). Learning phrase representations using RNN encoder–decoder for statistical machine translation. In Proceedings of EMNLP 2014, 1724–1734.',
    url: 'https://doi.org/10.3115/v1/D14-1179',
  },
  chung2014: {
    short: 'Chung et al., 2014',
    full: 'Chung, J., Gulcehre, C., Cho, K., & Bengio, Y. (2014). Empirical evaluation of gated recurrent neural networks on sequence modeling. NIPS 2014 Workshop on Deep Learning. arXiv:1412.3555.',
    url: 'https://arxiv.org/abs/1412.3555',
  },
  elman1990: {
    short: 'Elman, 1990',
    full: 'Elman, J. L. (1990). Finding structure in time. Cognitive Science, 14(2), 179–211.',
    url: 'https://doi.org/10.1207/s15516709cog1402_1',
  },
  gers2000: {
    short: 'Gers et al., 2000',
    full: 'Gers, F. A., Schmidhuber, J., & Cummins, F. (2000). Learning to forget: Continual prediction with LSTM. Neural Computation, 12(10), 2451–2471.',
    url: 'https://doi.org/10.1162/089976600300015015',
  },
  greff2017: {
    short: 'Greff et al., 2017',
    full: 'Greff, K., Srivastava, R. K., Koutník, J., Steunebrink, B. R., & Schmidhuber, J. (2017). LSTM: A search space odyssey. IEEE Transactions on Neural Networks and Learning Systems, 28(10), 2222–2232.',
    url: 'https://doi.org/10.1109/TNNLS.2016.2582924',
  },
  hochreiter1997: {
    short: 'Hochreiter & Schmidhuber, 1997',
    full: 'Hochreiter, S., & Schmidhuber, J. (1997). Long short-term memory. Neural Computation, 9(8), 1735–1780.',
    url: 'https://doi.org/10.1162/neco.1997.9.8.1735',
  },
  jozefowicz2015: {
    short: 'Jozefowicz et al., 2015',
    full: 'Jozefowicz, R., Zaremba, W., & Sutskever, I. (2015). An empirical exploration of recurrent network architectures. In Proceedings of ICML 2015, PMLR 37, 2342–2350.',
    url: 'https://proceedings.mlr.press/v37/jozefowicz15.html',
  },
  karpathy2015: {
    short: 'Karpathy, 2015',
    full: 'Karpathy, A. (2015). The unreasonable effectiveness of recurrent neural networks. Blog post, 21 May 2015.',
    url: 'https://karpathy.github.io/2015/05/21/rnn-effectiveness/',
  },
  kingma2015: {
    short: 'Kingma & Ba, 2015',
    full: 'Kingma, D. P., & Ba, J. (2015). Adam: A method for stochastic optimization. 3rd International Conference on Learning Representations (ICLR).',
    url: 'https://arxiv.org/abs/1412.6980',
  },
  luong2015: {
    short: 'Luong et al., 2015',
    full: 'Luong, M.-T., Pham, H., & Manning, C. D. (2015). Effective approaches to attention-based neural machine translation. Proceedings of the 2015 Conference on Empirical Methods in Natural Language Processing (EMNLP), 1412–1421.',
    url: 'https://aclanthology.org/D15-1166/',
  },
  marsaglia1964: {
    short: 'Marsaglia & Bray, 1964',
    full: 'Marsaglia, G., & Bray, T. A. (1964). A convenient method for generating normal variables. SIAM Review, 6(3), 260–264.',
    url: 'https://doi.org/10.1137/1006063',
  },
  matsumoto1998: {
    short: 'Matsumoto & Nishimura, 1998',
    full: 'Matsumoto, M., & Nishimura, T. (1998). Mersenne Twister: a 623-dimensionally equidistributed uniform pseudo-random number generator. ACM Transactions on Modeling and Computer Simulation, 8(1), 3–30.',
    url: 'https://doi.org/10.1145/272991.272995',
  },
  pascanu2013: {
    short: 'Pascanu et al., 2013',
    full: 'Pascanu, R., Mikolov, T., & Bengio, Y. (2013). On the difficulty of training recurrent neural networks. Proceedings of the 30th International Conference on Machine Learning (ICML), PMLR 28(3), 1310–1318.',
    url: 'https://arxiv.org/abs/1211.5063',
  },
  pytorchgru: {
    short: 'PyTorch, torch.nn.GRU',
    full: 'PyTorch contributors. torch.nn.GRU. PyTorch documentation.',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.GRU.html',
  },
  rumelhart1986: {
    short: 'Rumelhart et al., 1986',
    full: 'Rumelhart, D. E., Hinton, G. E., & Williams, R. J. (1986). Learning representations by back-propagating errors. Nature, 323, 533–536.',
    url: 'https://doi.org/10.1038/323533a0',
  },
  sutskever2014: {
    short: 'Sutskever et al., 2014',
    full: 'Sutskever, I., Vinyals, O., & Le, Q. V. (2014). Sequence to sequence learning with neural networks. Advances in Neural Information Processing Systems 27 (NIPS 2014), 3104–3112. arXiv:1409.3215.',
    url: 'https://arxiv.org/abs/1409.3215',
  },
  werbos1990: {
    short: 'Werbos, 1990',
    full: 'Werbos, P. J. (1990). Backpropagation through time: what it does and how to do it. Proceedings of the IEEE, 78(10), 1550–1560.',
    url: 'https://doi.org/10.1109/5.58337',
  },
  williams1989: {
    short: 'Williams & Zipser, 1989',
    full: 'Williams, R. J., & Zipser, D. (1989). A learning algorithm for continually running fully recurrent neural networks. Neural Computation, 1(2), 270–280.',
    url: 'https://doi.org/10.1162/neco.1989.1.2.270',
  },
  williams1990: {
    short: 'Williams & Peng, 1990',
    full: 'Williams, R. J., & Peng, J. (1990). An efficient gradient-based algorithm for on-line training of recurrent network trajectories. Neural Computation, 2(4), 490–501.',
    url: 'https://doi.org/10.1162/neco.1990.2.4.490',
  },
};

/** The anchor of an entry on the References page. */
export function referenceHref(key: string): string {
  return `/references/#ref-${key}`;
}
